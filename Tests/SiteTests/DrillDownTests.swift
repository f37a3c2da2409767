import Foundation
import Logging
import Model
import Site
import Testing

/// Drill-down by service: service rows and error bars lead to that service's own pages.
@Suite("Drill-down by service", .serialized)
struct DrillDownTests {
    /// The `kpi-value` texts of a page, in order.
    static func kpis(_ html: String) -> [String] {
        html.components(separatedBy: "<p class=\"kpi-value\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test("each service row links to its own page, whose figures count that service alone")
    func serviceRows() async throws {
        // pdf-service: one processed document (1,500 ms); ocr-service: one error (SiteBuildTests.events).
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        var options = workspace.options()
        options.servicePages = true
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        let page = try workspace.read("reports/processing_performance/7d/index.html")
        for service in ["pdf-service", "ocr-service"] {
            #expect(page.contains("<td><a href=\"../../../services/\(service)/processing_performance/7d/index.html\">\(service)</a></td>"))
        }
        let pdf = try workspace.read("services/pdf-service/processing_performance/7d/index.html")
        #expect(pdf.contains("Processing performance · pdf-service"))
        // Documents, success rate, mean, p95, errors — by hand for pdf-service alone.
        #expect(Self.kpis(pdf) == ["1", "100.00%", "1,500.00 ms", "1,500.00 ms", "0"])
        let ocr = try workspace.read("services/ocr-service/processing_performance/7d/index.html")
        #expect(Self.kpis(ocr).first == "0" && Self.kpis(ocr).last == "1")
        // The range switcher stays on the service; no downloads on these pages.
        #expect(pdf.contains("<a href=\"../1d/index.html\">1d</a>") && !pdf.contains("class=\"downloads\""))
        // Every report type has a page per service: its users are that service's alone.
        for type in ["business_intelligence", "user_activity"] {
            let pdfUsers = try workspace.read("services/pdf-service/\(type)/7d/index.html")
            let ocrUsers = try workspace.read("services/ocr-service/\(type)/7d/index.html")
            #expect(pdfUsers.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !pdfUsers.contains("山田太郎"), "\(type)")
            #expect(ocrUsers.contains("山田太郎") && !ocrUsers.contains("&lt;script&gt;"), "\(type)")
        }
    }

    /// A composed é and a decomposed one are two services to SQL (and to the pages' filters),
    /// though Swift holds the two names equal: each gets its own page, counting its own events.
    @Test("two spellings of one name that differ in bytes are two services, each with its own page")
    func equivalentServiceNames() async throws {
        let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")
        let asOf = SiteBuildTests.asOf
        let events = [(composed, 1), (decomposed, 2), (decomposed, 3)].map { name, hours in
            TrackedEvent(
                eventType: "document_processed", serviceName: name, timestamp: asOf - Int64(hours) * 3_600_000,
                fields: EventFields(processingTimeMs: 100))
        }
        let workspace = try SiteBuildTests.Workspace(events: events)
        var options = workspace.options()
        options.servicePages = true
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        let page = try workspace.read("reports/processing_performance/7d/index.html")
        // Slugs keep Latin letters: "caf" for the composed name, "cafe" for the decomposed one.
        for (slug, name) in [("caf", composed), ("cafe", decomposed)] {
            #expect(page.contains("<td><a href=\"../../../services/\(slug)/processing_performance/7d/index.html\">\(name)</a></td>"))
        }
        #expect(Self.kpis(try workspace.read("services/caf/processing_performance/7d/index.html")).first == "1")
        #expect(Self.kpis(try workspace.read("services/cafe/processing_performance/7d/index.html")).first == "2")
    }

    @Test("an error type × service bar links to that service's error analysis")
    func errorBars() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        var options = workspace.options()
        options.servicePages = true
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        let page = try workspace.read("reports/error_analysis/7d/index.html")
        #expect(page.contains("<a href=\"../../../services/ocr-service/error_analysis/7d/index.html\"><g class=\"mark\" role=\"img\""))
        let target = try workspace.read("services/ocr-service/error_analysis/7d/index.html")
        #expect(Self.kpis(target).first == "1")  // the one error, of ocr-service
        let other = try workspace.read("services/pdf-service/error_analysis/7d/index.html")
        #expect(Self.kpis(other).first == "0")
    }

    @Test("a day of the 30d timeline links to the 7d page when that page covers the whole day")
    func timelineDays() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        var options = workspace.options()
        options.ranges = ["7d", "30d"]
        options.only = [.processingPerformance]
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        let page = try workspace.read("reports/processing_performance/30d/index.html")
        let start = try #require(page.range(of: "id=\"chart-processing_timeline\""))
        let chart = page[start.upperBound...].prefix { _ in true }.components(separatedBy: "</figure>")[0]
        // [10-29, 11-28): 30 day columns; the 7d page covers [11-21, 11-28), its seven days.
        let linked = chart.components(separatedBy: "<a href=\"../7d/index.html\"><g class=\"mark\" role=\"img\" aria-label=\"").dropFirst()
            .map { String($0.prefix(10)) }
        #expect(linked == (21...27).map { "2026-11-\($0)" })
        #expect(chart.components(separatedBy: "<g class=\"mark\" tabindex=\"0\"").count - 1 == 23)
        // The 7d timeline's days are the finest daily page already: no links there.
        #expect(!(try workspace.read("reports/processing_performance/7d/index.html")).contains("index.html\"><g class=\"mark\""))
    }

    @Test("without --service-pages no service page is built and nothing links to one")
    func offByDefault() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/services"))
        for page in ["reports/processing_performance/7d/index.html", "reports/error_analysis/7d/index.html"] {
            #expect(!(try workspace.read(page)).contains("services/"), "\(page)")
        }
    }
}
