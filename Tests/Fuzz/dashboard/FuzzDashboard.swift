import Foundation
@testable import Model

/// libFuzzer target `dashboard`: a `POST /api/analytics/dashboards` body (or a file for
/// `espice-analytics dashboards add`): decoded as ``DashboardConfig`` and validated as
/// `MetricCatalog.validate` does, with the catalogue's names (copied here: the catalogue's
/// readers need the whole report engine). Validation answers or names a field; the slug, which becomes
/// a file name on the site, is never empty, never longer than 80 and holds only `a-z`, `0-9`
/// and `-`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDashboard(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = Data(UnsafeBufferPointer(start: start, count: count))
    guard let dashboard = try? JSONDecoder().decode(DashboardConfig.self, from: data) else { return 0 }
    do throws(ReportRequestError) {
        try dashboard.validate(metrics: DashboardFuzz.metrics, charts: DashboardFuzz.charts, tables: DashboardFuzz.tables)
    } catch {
        if error.field.isEmpty { fatalError("an error naming no field: \(error)") }
    }
    SlugCheck.check(dashboard.slug, of: dashboard.name)
    for widget in dashboard.widgets { if let title = widget.title { SlugCheck.check(Slug.make(title), of: title) } }
    return 0
}

enum DashboardFuzz {
    static let metrics: Set = [
        "total_processed", "total_errors", "success_rate", "avg_processing_time", "p95_processing_time", "total_models",
        "active_users", "total_activities", "new_users",
    ]
    static let charts: Set = ["processing_timeline", "error_analysis", "device_distribution", "performance_metrics"]
    static let tables: Set = ["service_breakdown", "time_series", "device_types", "top_users", "users"]
}
