public import Model
internal import Foundation

/// The metrics a dashboard `metric` widget can show, each read from one report.
public enum MetricCatalog {
    public struct Metric: Sendable {
        public var report: ReportType
        public var label: String
        public var unit: String
        public var read: @Sendable (ReportData) -> Double?
    }

    public static let metrics: [String: Metric] = [
        "total_processed": Metric(report: .processingPerformance, label: "Documents processed", unit: "") {
            if case .processingPerformance(let r) = $0 { return Double(r.totalProcessed) } else { return nil }
        },
        "total_errors": Metric(report: .processingPerformance, label: "Errors", unit: "") {
            if case .processingPerformance(let r) = $0 { return Double(r.totalErrors) } else { return nil }
        },
        "success_rate": Metric(report: .processingPerformance, label: "Success rate", unit: "%") {
            if case .processingPerformance(let r) = $0 { return r.successRate } else { return nil }
        },
        "avg_processing_time": Metric(report: .processingPerformance, label: "Avg processing time", unit: " ms") {
            if case .processingPerformance(let r) = $0 { return r.processingTime.mean } else { return nil }
        },
        "p95_processing_time": Metric(report: .processingPerformance, label: "p95 processing time", unit: " ms") {
            if case .processingPerformance(let r) = $0 { return r.processingTime.p95 } else { return nil }
        },
        "total_models": Metric(report: .businessIntelligence, label: "Models generated", unit: "") {
            if case .businessIntelligence(let r) = $0 { return Double(r.totalModelsGenerated) } else { return nil }
        },
        "active_users": Metric(report: .userActivity, label: "Active users", unit: "") {
            if case .userActivity(let r) = $0 { return Double(r.activeUsers) } else { return nil }
        },
        "total_activities": Metric(report: .userActivity, label: "Activities", unit: "") {
            if case .userActivity(let r) = $0 { return Double(r.totalActivities) } else { return nil }
        },
        "new_users": Metric(report: .userActivity, label: "New users", unit: "") {
            if case .userActivity(let r) = $0 { return Double(r.newUsers) } else { return nil }
        },
    ]

    /// The original's visualizations (SPEC §5) and the report each draws from.
    public static let charts: [String: ReportType] = [
        "processing_timeline": .processingPerformance, "error_analysis": .errorAnalysis,
        "device_distribution": .businessIntelligence, "performance_metrics": .processingPerformance,
    ]

    /// Report tables a `table` widget can show, and their report.
    public static let tables: [String: ReportType] = [
        "service_breakdown": .processingPerformance, "time_series": .processingPerformance,
        "device_types": .businessIntelligence, "model_complexity": .businessIntelligence, "top_users": .businessIntelligence,
        "feature_usage": .businessIntelligence, "error_patterns": .errorAnalysis, "root_causes": .errorAnalysis,
        "top_messages": .errorAnalysis, "error_rate_by_service": .errorAnalysis, "users": .userActivity,
        "daily_active_users": .userActivity,
    ]

    /// Checks a dashboard; the error names the field (`widgets[1].metric`).
    public static func validate(_ dashboard: DashboardConfig) throws(ReportRequestError) {
        guard !dashboard.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ReportRequestError(field: "name", message: "must not be empty")
        }
        if let refresh = dashboard.refreshInterval, refresh < 10 {
            throw ReportRequestError(field: "refresh_interval", message: "at least 10 seconds, got \(refresh)")
        }
        let columns = dashboard.layout?.columns ?? 12
        guard (1...48).contains(columns) else { throw ReportRequestError(field: "layout.columns", message: "between 1 and 48, got \(columns)") }
        for (index, widget) in dashboard.widgets.enumerated() {
            let field = "widgets[\(index)]"
            switch widget.type {
            case "metric":
                guard let metric = widget.metric, metrics[metric] != nil else {
                    throw ReportRequestError(field: field + ".metric", message: "unknown metric \"\(widget.metric ?? "")\" (valid: \(metrics.keys.sorted().joined(separator: ", ")))")
                }
            case "chart":
                guard let chart = widget.chartType, charts[chart] != nil else {
                    throw ReportRequestError(field: field + ".chart_type", message: "unknown chart type \"\(widget.chartType ?? "")\" (valid: \(charts.keys.sorted().joined(separator: ", ")))")
                }
            case "table":
                guard let table = widget.table ?? widget.metric, tables[table] != nil else {
                    throw ReportRequestError(field: field + ".table", message: "unknown table \"\(widget.table ?? "")\" (valid: \(tables.keys.sorted().joined(separator: ", ")))")
                }
            case "text":
                break
            default:
                throw ReportRequestError(field: field + ".type", message: "unknown widget type \"\(widget.type)\" (valid: metric, chart, table, text)")
            }
            if let range = widget.timeRange {
                do { _ = try TimeRange.parse(range) } catch { throw ReportRequestError(field: field + ".time_range", message: error.message) }
            }
            if let p = widget.position, p.x < 0 || p.y < 0 || p.w < 1 || p.h < 1 || p.x + p.w > columns {
                throw ReportRequestError(field: field + ".position", message: "outside the \(columns)-column grid")
            }
        }
    }
}
