import Charts
import Foundation
import Model
import Testing

@Suite("Every chart type renders valid SVG, PNG and PDF")
struct RenderFormatTests {
    let renderer = ChartRenderer()

    @Test("a PNG is twice the chart size, read from its IHDR", arguments: Samples.kinds)
    func pngSize(kind: String) throws {
        let chart = Samples.chart(kind).chart
        let data = try renderer.render(chart, as: .png)
        let size = try #require(readPNGSize(data))
        #expect(size.width == Int(chart.width * 2))
        #expect(size.height == Int(chart.height * 2))
        let image = try RasterImage(png: data)
        #expect(image.width == size.width)
    }

    @Test("an SVG converts with rsvg-convert", arguments: Samples.kinds)
    func svgRenders(kind: String) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let chart = Samples.chart(kind).chart
        let svg = dir.appendingPathComponent("c.svg"), png = dir.appendingPathComponent("c.png")
        try renderer.write(chart, as: .svg, to: svg)
        let result = try run("rsvg-convert", [svg.path, "-o", png.path])
        #expect(result.status == 0)
        let size = try #require(readPNGSize(try Data(contentsOf: png)))
        #expect(size.width == Int(chart.width))
    }

    @Test("a PDF passes pdfinfo and its text holds the title and labels", arguments: Samples.kinds)
    func pdfValid(kind: String) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (chart, labels) = Samples.chart(kind)
        let pdf = dir.appendingPathComponent("c.pdf")
        try renderer.write(chart, as: .pdf, to: pdf)
        let info = try run("pdfinfo", [pdf.path])
        #expect(info.status == 0)
        #expect(info.output.contains(#/Pages:\s+1\n/#))
        #expect(info.output.contains("1970"))  // fixed creation date
        let text = try run("pdftotext", [pdf.path, "-"]).output
        if case .sparkline = chart.content {
            #expect(!text.contains(chart.title))  // sparklines draw no text
        } else {
            #expect(text.contains(chart.title))
        }
        for label in labels { #expect(text.contains(label), "\(label) missing from \(kind) PDF text: \(text)") }
    }

    @Test("the same chart gives the same bytes, also after other renders", arguments: ChartFormat.allCases)
    func deterministic(format: ChartFormat) throws {
        for kind in Samples.kinds {
            let chart = Samples.chart(kind).chart
            let first = try renderer.render(chart, as: format)
            _ = try renderer.render(Samples.chart("line").chart, as: format)
            #expect(try renderer.render(chart, as: format) == first, "\(kind) \(format)")
        }
    }

    @Test("rendering from many threads at once gives the serial bytes")
    func concurrent() async throws {
        let charts = Samples.kinds.map { Samples.chart($0).chart }
        let renderer = self.renderer
        let formats: [ChartFormat] = [.svg, .png, .pdf]
        let serial = try formats.map { f in try charts.map { try renderer.render($0, as: f) } }
        let parallel = try await withThrowingTaskGroup(of: (Int, Int, Data).self) { group in
            for round in 0..<3 {
                for (i, chart) in charts.enumerated() {
                    group.addTask { (round, i, try renderer.render(chart, as: formats[round])) }
                }
            }
            var out: [(Int, Int, Data)] = []
            for try await result in group { out.append(result) }
            return out
        }
        #expect(parallel.count == 3 * charts.count)
        for (f, i, data) in parallel { #expect(data == serial[f][i], "\(formats[f]) \(charts[i].name)") }
    }

    @Test("an impossible size is refused with a readable error")
    func invalidSize() {
        var chart = Samples.chart("bar").chart
        chart.width = 0
        #expect(throws: ChartsError.self) { try renderer.render(chart, as: .png) }
        let error = ChartsError.invalidChart(name: "bar", reason: "size 0.0×320.0 is outside 16…10000")
        #expect(error.description.hasPrefix("chart bar cannot be drawn"))
    }
}
