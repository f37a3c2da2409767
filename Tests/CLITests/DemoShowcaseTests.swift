import Foundation
import Testing

/// `espice-analytics demo` (what `make demo` runs) fills every kind of page, not only the reports.
@Suite("espice-analytics demo shows every feature")
struct DemoShowcaseTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    func read(_ path: String) throws -> String { try String(contentsOfFile: cli.path(path), encoding: .utf8) }

    @Test("the demo saves the README's dashboard and two scheduled reports, delivers them into an outbox, and publishes all of it")
    func everythingShows() throws {
        // 2026-11-28 is a Saturday: the daily digest fired at 07:00, the weekly summary on Monday 23rd at 08:00.
        let result = try cli.run(["demo", "--events", "3000", "--days", "10", "--db", "data/demo.db", "--as-of", "2026-11-28T09:00:00Z"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("demo: dashboard \"Processing Overview\" saved"))
        #expect(result.stdout.contains("demo: delivered 3 emails into "))

        let outbox = try FileManager.default.contentsOfDirectory(atPath: cli.path("data/outbox")).sorted()
        #expect(outbox == [
            "daily-operations-digest-1d-2026-11-28-ops-example-com.eml",
            "weekly-executive-summary-7d-2026-11-23-ceo-example-com.eml",
            "weekly-executive-summary-7d-2026-11-23-cto-example-com.eml",
        ])

        let index = try read("Output/index.html")
        for link in ["dashboards/processing-overview/index.html", "saved/daily-operations-digest/index.html",
                     "saved/weekly-executive-summary/index.html"] {
            #expect(index.contains("href=\"\(link)\""), "\(link) not linked from the summary")
            #expect(FileManager.default.fileExists(atPath: cli.path("Output/" + link)), "\(link) not published")
        }
        #expect(try read("Output/dashboards/processing-overview/index.html").contains("Processing Timeline"))
        // The demo builds the drill-down pages too: the busiest service's row links to its page.
        #expect(try read("Output/reports/processing_performance/7d/index.html").contains("href=\"../../../services/"))
        let history = try read("Output/history/index.html")
        #expect(history.contains("<td>Daily operations digest</td>"))
        #expect(history.contains("<td>ceo@example.com</td><td>sent (outbox)</td>"))

        // Run again with --replace: the same names are replaced, not doubled.
        let again = try cli.run(["demo", "--events", "3000", "--days", "10", "--db", "data/demo.db", "--as-of", "2026-11-28T09:00:00Z", "--replace"])
        #expect(again.status == 0, "\(again.stderr)")
        let saved = try cli.run(["reports", "list", "--db", "data/demo.db"])
        #expect(saved.stdoutLines.count == 2, "\(saved.stdout)")
    }
}
