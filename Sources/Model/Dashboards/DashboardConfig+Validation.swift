internal import Foundation

extension DashboardConfig {
    /// The last grid row a widget may start on, and the most rows it may span.
    public static let maxRow = 10_000

    /// Checks a dashboard; the error names the field (`widgets[1].metric`). The names a widget
    /// may use come from the report catalogue (Reports' `MetricCatalog`); everything else is
    /// checked here, where the `dashboard` fuzz target reaches it.
    public func validate(metrics: Set<String>, charts: Set<String>, tables: Set<String>) throws(ReportRequestError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ReportRequestError(field: "name", message: "must not be empty")
        }
        guard name.count <= 200 else { throw ReportRequestError(field: "name", message: "at most 200 characters") }
        if let refresh = refreshInterval, refresh < 10 {
            throw ReportRequestError(field: "refresh_interval", message: "at least 10 seconds, got \(refresh)")
        }
        let columns = layout?.columns ?? 12
        guard (1...48).contains(columns) else { throw ReportRequestError(field: "layout.columns", message: "between 1 and 48, got \(columns)") }
        for (index, widget) in widgets.enumerated() {
            let field = "widgets[\(index)]"
            switch widget.type {
            case "metric":
                guard let metric = widget.metric, metrics.contains(metric) else {
                    throw ReportRequestError(field: field + ".metric", message: "unknown metric \"\(widget.metric ?? "")\" (valid: \(metrics.sorted().joined(separator: ", ")))")
                }
            case "chart":
                guard let chart = widget.chartType, charts.contains(chart) else {
                    throw ReportRequestError(field: field + ".chart_type", message: "unknown chart type \"\(widget.chartType ?? "")\" (valid: \(charts.sorted().joined(separator: ", ")))")
                }
            case "table":
                guard let table = widget.table ?? widget.metric, tables.contains(table) else {
                    throw ReportRequestError(field: field + ".table", message: "unknown table \"\(widget.table ?? "")\" (valid: \(tables.sorted().joined(separator: ", ")))")
                }
            case "text":
                break
            default:
                throw ReportRequestError(field: field + ".type", message: "unknown widget type \"\(widget.type)\" (valid: metric, chart, table, text)")
            }
            if let range = widget.timeRange {
                do { _ = try TimeRange.parse(range) } catch { throw ReportRequestError(field: field + ".time_range", message: error.message) }
            }
            // Each bound before the sum, so that no value (Int.max) can overflow here or on the page.
            if let p = widget.position, !(0..<columns).contains(p.x) || !(1...columns).contains(p.w) || p.x + p.w > columns
                || !(0...Self.maxRow).contains(p.y) || !(1...Self.maxRow).contains(p.h)
            {
                throw ReportRequestError(
                    field: field + ".position", message: "outside the \(columns)-column grid (rows 0–\(Self.maxRow))")
            }
        }
    }
}
