import Foundation
import Logging
import Model
import Site
import Testing

@Suite("Alert thresholds on the site")
struct AlertBannerTests {
    /// SiteBuildTests' events: on the last day one processed document (1.5 s, pdf-service) and
    /// one error (ocr-service) — 50 % success, 50 % errors, p95 1,500 ms.
    func build(_ alerts: AlertSettings) async throws -> SiteBuildTests.Workspace {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        var options = workspace.options()
        options.alerts = alerts
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        return workspace
    }

    @Test("breached thresholds show on the summary banner, critical first, and set the gauge bands")
    func banner() async throws {
        var alerts = AlertSettings()
        alerts.successRate = .init(warn: 60, critical: 40)
        alerts.p95ProcessingTimeMs = .init(warn: 1000, critical: 1400)
        var ocr = AlertSettings.ServiceThresholds()
        ocr.errorRate = .init(critical: 90)
        alerts.services = ["ocr-service": ocr]
        let workspace = try await build(alerts)
        let index = try workspace.read("index.html")
        let critical = try #require(index.range(of: "<p class=\"alert critical\">⚠ Critical: p95 processing time 1500 ms is above the critical threshold 1400 ms (all services, last 1d).</p>"))
        let service = try #require(index.range(of: "Critical: Error rate 100% is above the critical threshold 90% (ocr-service, last 1d)."))
        let warn = try #require(index.range(of: "<p class=\"alert warn\">⚠ Warning: Success rate 50% is below the warning threshold 60% (all services, last 1d).</p>"))
        #expect(critical.lowerBound < warn.lowerBound && service.lowerBound < warn.lowerBound)
        // The gauges' data table lists the configured thresholds (the standard ones are 95/90 % and 3,000/5,000 ms).
        let page = try workspace.read("reports/processing_performance/7d/index.html")
        let rate = try #require(Self.row(page, "Success rate"))
        #expect(rate.contains("60") && rate.contains("40") && !rate.contains("95"))
        let p95 = try #require(Self.row(page, "p95 processing time"))
        #expect(p95.contains("1,400") && p95.contains("1,000") && !p95.contains("5,000"))
    }

    @Test("thresholds that all hold say so on the summary page")
    func allMet() async throws {
        var alerts = AlertSettings()
        alerts.successRate = .init(warn: 40, critical: 20)
        alerts.errorRate = .init(warn: 60)
        let workspace = try await build(alerts)
        let index = try workspace.read("index.html")
        #expect(index.contains("✓ All 2 alert thresholds are met (last 1d)."))
        #expect(!index.contains("<section class=\"alerts\""))
    }

    /// The table row whose first cell is `label`.
    static func row(_ html: String, _ label: String) -> String? {
        guard let start = html.range(of: "<tr><td>\(label)</td>") else { return nil }
        return html[start.upperBound...].range(of: "</tr>").map { String(html[start.upperBound..<$0.lowerBound]) }
    }
}
