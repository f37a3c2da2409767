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

    /// Checks a dashboard against this catalogue; the error names the field (`widgets[1].metric`).
    public static func validate(_ dashboard: DashboardConfig) throws(ReportRequestError) {
        try dashboard.validate(metrics: Set(metrics.keys), charts: Set(charts.keys), tables: Set(tables.keys))
    }
}
