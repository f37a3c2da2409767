import Foundation
import Logging
import Model
import Site
import Testing

/// The tables beside the charts, laid out by headless Chromium: measured in the browser, not
/// read off the stylesheet.
@Suite("Chart tables in Chromium", .serialized)
struct ChartTableLayoutTests {
    /// Six event types on one day: the processing timeline's table has seven columns with long names.
    static let events: [TrackedEvent] = ["document_processed", "processing_error", "spice_model_generated", "page_view",
                                         "feature_used", "export_requested"].enumerated().map { index, type in
        TrackedEvent(eventType: type, serviceName: "pdf-service", timestamp: SiteBuildTests.asOf - Int64(index + 1) * 3_600_000)
    }

    /// A page of the probe's own that opens `page` in a frame `width` px wide and writes, for each
    /// `.chart-numbers` box, `chart-id:nested:clipped:scrolls` into its body's `data-result`:
    /// scroll boxes nested inside it that overflow (their scrollbar hides below the fold), header
    /// cells whose text is cut, and whether the box itself scrolls sideways.
    static func probe(page: String, width: Int) -> String {
        """
        <!doctype html><html><body><iframe id="f" src="\(page)" width="\(width)" height="1400"></iframe>
        <script>
        document.getElementById("f").onload = function () {
          var d = this.contentDocument, out = [];
          d.querySelectorAll(".chart-numbers").forEach(function (box) {
            var nested = Array.prototype.filter.call(box.querySelectorAll("*"), function (e) {
              var x = getComputedStyle(e).overflowX;
              return x !== "visible" && e.scrollWidth > e.clientWidth + 1;
            }).length;
            var clipped = Array.prototype.filter.call(box.querySelectorAll("th"), function (th) {
              return th.scrollWidth > th.clientWidth + 1;
            }).length;
            out.push(box.parentElement.id + ":" + nested + ":" + clipped + ":" + (box.scrollWidth > box.clientWidth + 1));
          });
          document.body.setAttribute("data-result", out.join(" "));
        };
        </script></body></html>
        """
    }

    @Test("no table beside a chart hides columns: wide ones go under the chart, headers wrap, one visible scroll box")
    func tablesStayInTheirColumn() async throws {
        let workspace = try SiteBuildTests.Workspace(events: Self.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let page = "site/reports/processing_performance/7d/index.html"
        #expect(try workspace.read("reports/processing_performance/7d/index.html")
            .contains("<figure class=\"chart-block wide-table\" id=\"chart-processing_timeline\">"))
        for width in [1440, 1024, 375] {
            let probe = try workspace.write("probe-\(width).html", Self.probe(page: page, width: width))
            let result = try await SiteInBrowserTests.runDetached("chromium", [
                "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                "--virtual-time-budget=10000", "--dump-dom", "file://\(probe)",
            ])
            #expect(result.status == 0)
            let marker = try #require(result.output.range(of: "data-result=\""), "the probe did not run: \(result.output.prefix(400))")
            let boxes = result.output[marker.upperBound...].prefix { $0 != "\"" }.split(separator: " ").map { $0.split(separator: ":") }
            #expect(boxes.count == 2, "\(width): \(boxes)")
            for box in boxes {
                #expect(box.count == 4 && box[1] == "0" && box[2] == "0", "\(width) px: \(box.joined(separator: ":"))")
            }
            if width >= 1024 {
                // Under the chart, the seven columns of the timeline fit without scrolling.
                let timeline = boxes.first { $0.first == "chart-processing_timeline" }
                #expect(timeline?.last == "false", "\(width) px: \(boxes)")
            }
        }
    }
}

extension SiteBuildTests.Workspace {
    /// Writes a file in the workspace directory (beside the site) and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
