public import Model
public import Store
internal import Foundation
internal import Reports

/// What `espice-analytics demo` adds beside its events so that every page of the site shows
/// something on first look: the README's "Processing Overview" dashboard, two scheduled saved
/// reports made from ``SavedReportTemplate``s, and one delivery run into an outbox directory
/// (the history page's delivery ledger).
public enum DemoShowcase {
    /// The original README's "Create Custom Dashboard" body.
    public static let dashboardJSON = """
        {"name": "Processing Overview", "description": "Real-time processing metrics",
         "widgets": [
           {"type": "metric", "title": "Total Processed", "metric": "total_processed", "position": {"x": 0, "y": 0, "w": 6, "h": 2}},
           {"type": "chart", "title": "Processing Timeline", "chart_type": "processing_timeline", "position": {"x": 0, "y": 2, "w": 12, "h": 4}}
         ],
         "layout": {"columns": 12}, "refresh_interval": 300}
        """

    /// The saved reports: a template and its recipients (example.com addresses: nothing leaves
    /// the machine, the demo delivers into an outbox).
    public static let savedReports: [(template: String, recipients: [String])] = [
        ("daily-operations-digest", ["ops@example.com"]),
        ("weekly-executive-summary", ["ceo@example.com", "cto@example.com"]),
    ]

    /// Saves the dashboard and the saved reports into `store`, replacing any of the same name;
    /// returns what was saved (`dashboard "Processing Overview"`, `saved report "…"`).
    public static func install(into store: AnalyticsStore) throws -> [String] {
        let dashboard = try JSONDecoder().decode(DashboardConfig.self, from: Data(dashboardJSON.utf8))
        try MetricCatalog.validate(dashboard)
        try store.saveDashboard(name: dashboard.name, slug: dashboard.slug, json: dashboardJSON)
        var saved = ["dashboard \"\(dashboard.name)\""]
        for (id, recipients) in savedReports {
            guard let template = SavedReportTemplate.named(id) else { throw ReportRequestError(field: "template", message: "no template \(id)") }
            let report = try template.report(recipients: recipients)
            try store.saveSavedReport(name: report.name, slug: report.slug, reportType: report.reportType, schedule: report.schedule,
                                      json: try report.json())
            saved.append("saved report \"\(report.name)\"")
        }
        return saved
    }

    /// One delivery run at `asOf`: every saved report that is due goes, as `.eml` files, into
    /// `outbox` (created when missing) and into the ledger, as `deliver --outbox` does.
    public static func deliver(store: AnalyticsStore, config: AnalyticsConfig, outbox: String, asOf: Int64) throws -> DeliverySummary {
        let transport = try OutboxTransport(directory: outbox)
        return Deliverer(store: store, config: config, transport: transport).run(DeliveryOptions(asOf: asOf))
    }
}
