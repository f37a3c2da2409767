import Foundation
import Logging
import Model
import Site
import Store
import Testing

/// axe-core (the engine browsers' accessibility tools use) in headless Chromium over every page
/// type of a built site: no serious or critical violation (issue 18). The checker is
/// Tests/Fixtures/axe_check.py (axe-selenium-python bundles axe-core; chromedriver drives Chromium).
@Suite("Accessibility (axe-core)", .serialized)
struct AccessibilityTests {
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/axe_check.py").standardizedFileURL.path

    static let keyboard = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/keyboard_check.py").standardizedFileURL.path

    /// A site with every kind of page (hostile ids, a dashboard, a saved report, service pages)
    /// and one page of each kind: summary, history, dashboard, saved report, each report type, a
    /// drill-down service page.
    static func siteWithEveryPageType() async throws -> (SiteBuildTests.Workspace, [String]) {
        let workspace = try SiteBuildTests.Workspace(events: SiteInBrowserTests.hostile + SiteBuildTests.events)
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.saveDashboard(name: "Processing Overview", slug: "processing-overview", json: DashboardPageTests.readmeDashboard)
        try store.saveSavedReport(
            name: "Weekly <ops> digest", slug: "weekly-ops-digest", reportType: "error_analysis", schedule: nil,
            json: #"{"name": "Weekly <ops> digest", "report_type": "error_analysis", "parameters": {"time_range": "7d"}}"#)
        var options = workspace.options()
        options.servicePages = true
        let summary = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        let all = SiteInBrowserTests.pages(workspace.output)
        var pages = ["index.html", "history/index.html", "dashboards/processing-overview/index.html", "saved/weekly-ops-digest/index.html"]
        for type in ReportType.allCases { pages.append("reports/\(type.rawValue)/7d/index.html") }
        pages.append(try #require(all.first { $0.hasPrefix("services/") }))
        for page in pages { #expect(all.contains(page), "\(page) was not built") }
        return (workspace, pages)
    }

    @Test("every page type passes axe-core with no serious or critical violation")
    func axe() async throws {
        let (workspace, pages) = try await Self.siteWithEveryPageType()
        let result = try await SiteInBrowserTests.runDetached("python3", [Self.checker, workspace.output] + pages)
        try #require(result.status == 0, "the axe run failed: \(result.output)")
        let lines = result.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        // Every page was checked (axe ran rules on it)…
        let checked = lines.filter { $0["checked"] != nil }
        #expect(checked.count == pages.count)
        #expect(checked.allSatisfy { ($0["checked"] as? Int ?? 0) > 10 })
        // …and none has a serious or critical violation.
        let violations = lines.filter { $0["id"] != nil }
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("the Tab key reaches every link, button and chart mark of every page type, in page order")
    func keyboard() async throws {
        let (workspace, pages) = try await Self.siteWithEveryPageType()
        let result = try await SiteInBrowserTests.runDetached("python3", [Self.keyboard, workspace.output] + pages)
        try #require(result.status == 0, "the keyboard run failed: \(result.output)")
        let lines = result.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == pages.count)
        for line in lines {
            let page = line["page"] as? String ?? "?"
            let controls = line["controls"] as? Int ?? 0
            #expect(controls > 0, "\(page): no controls found")
            #expect(line["reached"] as? Int == controls, "\(page): missed \(line["missed"] ?? "")")
            #expect(line["in_order"] as? Bool == true, "\(page): Tab order differs from page order")
        }
    }

    @Test("the dashboard reloads itself until the reader pauses it, and the pause holds over a reload")
    func pausableRefresh() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.saveDashboard(name: "Processing Overview", slug: "processing-overview", json: DashboardPageTests.readmeDashboard)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let page = URL(fileURLWithPath: workspace.output + "/dashboards/processing-overview/index.html").absoluteString
        let script = """
            import sys
            sys.path.insert(0, sys.argv[2])
            from chromium_driver import chromium
            driver = chromium()
            try:
                driver.get(sys.argv[1])
                note = lambda: driver.find_element("css selector", "[data-refresh-seconds]")
                button = note().find_element("css selector", "button")
                print(note().text, "|", button.is_displayed(), button.get_attribute("aria-pressed"))
                button.click()
                print(note().text, "|", button.get_attribute("aria-pressed"))
                driver.refresh()
                print(note().text)
            finally:
                driver.quit()
            """
        let fixtures = URL(fileURLWithPath: Self.checker).deletingLastPathComponent().path
        let result = try await SiteInBrowserTests.runDetached("python3", ["-c", script, page, fixtures])
        try #require(result.status == 0, "\(result.output)")
        #expect(result.output.split(separator: "\n").map(String.init) == [
            "This page reloads every 300 seconds. Pause automatic reload | True false",
            "Automatic reload is paused. Resume automatic reload | true",
            "Automatic reload is paused. Resume automatic reload",
        ])
    }
}
