import Foundation
import Logging
import Model
import Site
import Testing

/// How the change against the previous period reads on the summary page's tiles.
@Suite("KPI changes on the pages")
struct KPIChangeTests {
    /// The text of every `kpi-change` paragraph of a page, in order.
    static func changes(_ html: String) -> [String] {
        html.components(separatedBy: "class=\"kpi-change").dropFirst().map { chunk in
            let text = chunk.drop { $0 != ">" }.dropFirst()
            return String(text.prefix { $0 != "<" })
        }
    }

    @Test("a week without events reads \"no data\", never a drop of 100 %")
    func emptyCurrentWeek() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        // Both events are in the week before as-of: the 7d window [as-of, as-of + 7 d) is empty.
        var options = workspace.options()
        options.asOf = SiteBuildTests.asOf + 7 * 86_400_000
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        let changes = Self.changes(try workspace.read("index.html"))
        #expect(changes.count == 5)
        #expect(changes.allSatisfy { $0 == "no data" }, "\(changes)")
        #expect(!(try workspace.read("reports/processing_performance/7d/index.html")).contains("▼"))
    }

    @Test("a week with events against an empty one reads \"no previous data\"")
    func emptyPreviousWeek() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let changes = Self.changes(try workspace.read("index.html"))
        // Documents, success rate, mean and p95 time, errors: nothing before to compare with.
        #expect(changes == Array(repeating: "no previous data", count: 5))
    }
}
