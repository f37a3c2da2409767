import Foundation
import Logging
import Model
import Site
import Store
import Testing

@Suite("Dashboard pages")
struct DashboardPageTests {
    /// The original README's "Create Custom Dashboard" body.
    static let readmeDashboard = """
        {"name": "Processing Overview", "description": "Real-time processing metrics",
         "widgets": [
           {"type": "metric", "title": "Total Processed", "metric": "total_processed", "position": {"x": 0, "y": 0, "w": 6, "h": 2}},
           {"type": "chart", "title": "Processing Timeline", "chart_type": "processing_timeline", "position": {"x": 0, "y": 2, "w": 12, "h": 4}}
         ],
         "layout": {"columns": 12}, "refresh_interval": 300}
        """

    @Test("the README's dashboard is laid out on its grid, refreshes itself and shows the figure")
    func readmeDashboardPage() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.saveDashboard(name: "Processing Overview", slug: "processing-overview", json: Self.readmeDashboard)
        let summary = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        #expect(summary.failures.isEmpty)
        let html = try workspace.read("dashboards/processing-overview/index.html")
        // Reloads every 300 s through a script with a pause button (no meta refresh, which a
        // reader cannot stop: WCAG 2.2.1, axe's meta-refresh rule).
        #expect(!html.contains("http-equiv=\"refresh\""))
        #expect(html.contains(#"data-refresh-seconds="300""#))
        #expect(html.contains(#"<script src="../../assets/refresh.js" defer></script>"#))
        #expect(FileManager.default.fileExists(atPath: workspace.output + "/assets/refresh.js"))
        #expect(html.contains("grid-column: 1 / span 6; grid-row: 1 / span 2"))
        #expect(html.contains("grid-column: 1 / span 12; grid-row: 3 / span 4"))
        // One document_processed event in the last 7 days of the fixture.
        #expect(html.contains(#"<p class="kpi-value">1</p>"#))
        #expect(html.contains("Processing Timeline"))
        // The chart widget is laid out as on report pages: its image, one focusable mark per
        // bucket with the value in a <title>, and its numbers in a table beside it.
        #expect(html.contains(#"<img src="../../reports/processing_performance/7d/charts/processing_timeline.svg""#))
        #expect(html.contains(#"<svg class="chart-marks""#))
        let marks = html.components(separatedBy: #"<g class="mark" tabindex="0" role="img""#).count - 1
        #expect(marks >= 1, "no focusable marks on the dashboard chart")
        #expect(html.contains("<title>"))
    }

    @Test("an invalid dashboard is named and the rest of the site is still published")
    func invalidDashboard() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.saveDashboard(
            name: "Broken", slug: "broken", json: #"{"name": "Broken", "widgets": [{"type": "metric", "metric": "nope"}]}"#)
        let summary = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.contains("widgets[0].metric") == true)
        #expect(FileManager.default.fileExists(atPath: workspace.output + "/index.html"))
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/dashboards/broken/index.html"))
    }

    @Test("slugs never carry path separators", arguments: [
        ("Processing Overview", "processing-overview"), ("../../etc/passwd", "etc-passwd"), ("a/b\\c", "a-b-c"),
    ])
    func slugs(name: String, slug: String) {
        #expect(Slug.make(name) == slug)
    }

    @Test("a name without Latin letters still gets a safe slug")
    func unicodeSlug() {
        let slug = Slug.make("山田のダッシュボード")
        #expect(slug.hasPrefix("d-") && slug.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" })
    }
}

@Suite("Saved report pages")
struct SavedReportPageTests {
    @Test("a saved report is published with its own filters, range and four downloads")
    func savedReportPage() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.saveSavedReport(
            name: "PDF service weekly", slug: "pdf-service-weekly", reportType: "processing_performance", schedule: "@weekly",
            json: #"{"name": "PDF service weekly", "report_type": "processing_performance", "parameters": {"time_range": "7d", "filters": {"service_name": "pdf-service"}}, "schedule": "@weekly", "recipients": ["ops@example.com"]}"#)
        let summary = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        for ext in ["json", "csv", "xlsx", "pdf"] {
            #expect(FileManager.default.fileExists(atPath: workspace.output + "/saved/pdf-service-weekly/pdf-service-weekly.\(ext)"))
        }
        let json = try JSONSerialization.jsonObject(with: Data(try workspace.read("saved/pdf-service-weekly/pdf-service-weekly.json").utf8)) as? [String: Any]
        let data = json?["data"] as? [String: Any]
        // Of the two fixture events only the pdf-service one passes the filter: 1 processed, 0 errors.
        #expect(data?["total_processed"] as? Int == 1 && data?["total_errors"] as? Int == 0)
        #expect(try workspace.read("index.html").contains("saved/pdf-service-weekly/index.html"))
    }
}
