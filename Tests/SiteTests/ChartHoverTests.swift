import Foundation
import Logging
import Model
import Site
import Testing

/// Values on hover and keyboard focus: a focusable region per chart mark, laid over the image,
/// whose text matches the exports.
@Suite("Chart values on hover and focus", .serialized)
struct ChartHoverTests {
    /// The `aria-label`s of the marks of one chart block of a page.
    static func marks(_ html: String, chart: String) throws -> [String] {
        let start = try #require(html.range(of: "id=\"chart-\(chart)\""))
        let end = html.range(of: "</figure>", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        return html[start.upperBound..<end].components(separatedBy: "<g class=\"mark\" tabindex=\"0\" role=\"img\" aria-label=\"").dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("every bucket of the timeline has a focusable mark whose text holds the exported counts")
    func timelineMatchesExport() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let page = try workspace.read("reports/processing_performance/7d/index.html")
        let marks = try Self.marks(page, chart: "processing_timeline")
        #expect(marks.count == 7)  // [11-21, 11-28): seven days
        #expect(marks.first?.hasPrefix("2026-11-21 — ") == true && marks.last?.hasPrefix("2026-11-27 — ") == true)
        // Each (date, event type, count) of the JSON download is in that date's mark.
        let json = try JSONSerialization.jsonObject(with: Data(try workspace.read("reports/processing_performance/7d/processing_performance-7d.json").utf8))
        let data = try #require((json as? [String: Any])?["data"] as? [String: Any])
        let series = try #require(data["time_series"] as? [[String: Any]])
        #expect(series.count == 2)
        for point in series {
            let date = try #require(point["date"] as? String), type = try #require(point["event_type"] as? String)
            let count = try #require(point["count"] as? Int)
            let mark = try #require(marks.first { $0.hasPrefix(date + " ") })
            #expect(mark.contains("\(type): \(count)"), "\(mark)")
        }
        // The gauges too, each with its figure and state.
        let gauges = try Self.marks(page, chart: "performance_metrics")
        #expect(gauges.count == 4)
        #expect(gauges.first == "Success rate: 50 % (critical)", "\(gauges)")  // 1 processed, 1 error: below 90 %
    }

    @Test("in Chromium a focused mark shows its readout and the others stay hidden")
    func focusShowsReadout() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let probe = try workspace.write("probe.html", """
            <!doctype html><html><body><iframe id="f" src="site/reports/processing_performance/7d/index.html" width="1200" height="900"></iframe>
            <script>
            document.getElementById("f").onload = function () {
              var d = this.contentDocument, marks = d.querySelectorAll("#chart-processing_timeline .mark");
              marks[6].focus();
              var tip = function (m) { return d.defaultView.getComputedStyle(m.querySelector("text.tip")).visibility; };
              document.body.setAttribute("data-result", [marks.length, d.activeElement === marks[6], tip(marks[6]), tip(marks[0]),
                marks[6].querySelector("title").textContent].join("|"));
            };
            </script></body></html>
            """)
        let result = try await SiteInBrowserTests.runDetached("chromium", [
            "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--virtual-time-budget=10000",
            "--dump-dom", "file://\(probe)",
        ])
        let marker = try #require(result.output.range(of: "data-result=\""), "the probe did not run")
        let fields = result.output[marker.upperBound...].prefix { $0 != "\"" }.split(separator: "|").map(String.init)
        #expect(fields.count == 5)
        #expect(Array(fields.prefix(4)) == ["7", "true", "visible", "hidden"])
        #expect(fields.last == "2026-11-27 — document_processed: 1; processing_error: 1")
    }
}
