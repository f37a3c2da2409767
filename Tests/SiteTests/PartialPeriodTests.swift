import Foundation
import Logging
import Model
import Site
import Testing

/// The bucket in progress at as-of on the published pages and in the PDFs.
@Suite("Partial periods on the site", .serialized)
struct PartialPeriodTests {
    /// As-of 2026-11-28T03:30Z; one document at 01:00 on the 28th (the day in progress), the
    /// fixture's two events on the 27th.
    static let asOf = SiteBuildTests.asOf + 3 * 3_600_000 + 30 * 60_000
    static let events = SiteBuildTests.events + [
        TrackedEvent(eventType: "document_processed", serviceName: "pdf-service", timestamp: SiteBuildTests.asOf + 3_600_000,
                     fields: EventFields(processingTimeMs: 800))
    ]

    @Test("the day and the hour in progress read \"(so far)\" in the report tables, the chart tables and the PDF")
    func marked() async throws {
        let workspace = try SiteBuildTests.Workspace(events: Self.events)
        var options = workspace.options()
        options.asOf = Self.asOf
        options.only = [.processingPerformance]
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()

        let week = try workspace.read("reports/processing_performance/7d/index.html")
        // The time_series table (date, event type, count) and the timeline's table beside the chart.
        #expect(week.contains("<td>2026-11-28 (so far)</td><td>document_processed</td>"))
        #expect(week.contains("<td>2026-11-28 (so far)</td><td class=\"num\">1</td>"))
        #expect(week.components(separatedBy: "<td>2026-11-28 (so far)</td>").count - 1 == 2)
        #expect(week.contains("aria-label=\"2026-11-28 (so far) — document_processed: 1"))  // the chart mark
        #expect(!week.contains("2026-11-27 (so far)"))

        // Hourly: the 03:00 hour is in progress (no events in it: only the chart's table has the row).
        let day = try workspace.read("reports/processing_performance/1d/index.html")
        #expect(day.contains("<td>2026-11-28 03:00 (so far)</td>"))
        #expect(!day.contains("01:00 (so far)"))

        let pdf = workspace.output + "/reports/processing_performance/7d/processing_performance-7d.pdf"
        let text = try await SiteInBrowserTests.runDetached("pdftotext", ["-layout", pdf, "-"]).output
        #expect(text.contains("2026-11-28 (so far)"))
        #expect(text.contains("so far"))

        // The downloads keep the plain bucket key.
        let csv = try workspace.read("reports/processing_performance/7d/processing_performance-7d.csv")
        #expect(csv.contains("2026-11-28") && !csv.contains("so far"))
    }

    @Test("a build at midnight has no bucket in progress")
    func midnight() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        var options = workspace.options()
        options.only = [.processingPerformance]
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        #expect(!(try workspace.read("reports/processing_performance/7d/index.html")).contains("so far"))
        #expect(!(try workspace.read("reports/processing_performance/1d/index.html")).contains("so far"))
    }
}
