import Charts
import Foundation
import Model
import Testing

/// The marks the renderer reports for hover and focus: one per thing a reader points at, where
/// it was drawn, with the figures of the chart's own data table.
@Suite("Chart marks")
struct ChartMarkTests {
    let renderer = ChartRenderer()

    func inside(_ mark: ChartMark, _ chart: ChartDescription) -> Bool {
        switch mark.shape {
        case .rect(let r): r.x >= -3 && r.y >= -3 && r.maxX <= chart.width + 3 && r.maxY <= chart.height + 3 && r.width > 0 && r.height > 0
        case .polygon(let points): points.count >= 3 && points.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.x <= chart.width && $0.y <= chart.height }
        }
    }

    @Test("a line chart has one mark per bucket holding every series' value, as its data table")
    func line() throws {
        let chart = Samples.chart("line").chart
        let marks = try renderer.marks(for: chart)
        let table = chart.dataTable
        #expect(marks.count == 7)
        for (mark, row) in zip(marks, table.rows) {
            #expect(mark.label == row[0])
            #expect(mark.values.map(\.series) == ["document_processed", "processing_error"])
            #expect(mark.values.map(\.value) == Array(row.dropFirst()))
            #expect(inside(mark, chart))
        }
        // Day 3 (Nov 25): 100 + 17·2 = 134 documents and 3·(2 % 3) = 6 errors, by hand.
        #expect(marks[2].text == "2026-11-25 — document_processed: 134; processing_error: 6")
        // Columns follow each other left to right without overlapping.
        let xs = marks.compactMap { if case .rect(let r) = $0.shape { r.x } else { nil } }
        #expect(xs == xs.sorted() && Set(xs).count == xs.count)
    }

    @Test("bars, slices, heatmap cells and gauges each get a mark with their exact figure")
    func otherKinds() throws {
        let bar = Samples.chart("bar").chart
        let bars = try renderer.marks(for: bar)
        #expect(bars.map(\.text) == ["山田太郎 · events: 1,234", "José Álvarez · events: 560", "Zoë · events: 78"])
        #expect(bars.allSatisfy { inside($0, bar) })

        let pie = Samples.chart("pie").chart
        let slices = try renderer.marks(for: pie)
        #expect(slices.map(\.label) == ["GaN-HEMT", "SiC-MOSFET", "Other"])  // < 2 % grouped, as drawn
        #expect(slices.first?.text == "GaN-HEMT: 60 (60.0 %)")
        #expect(slices.allSatisfy { inside($0, pie) })

        let heatmap = Samples.chart("heatmap").chart
        let cells = try renderer.marks(for: heatmap)
        #expect(cells.count == 7 * 24)
        #expect(cells.contains { $0.text == "Mon 09: 50" })  // Monday (d = 0), hour 09: 50 + 0
        #expect(cells.allSatisfy { inside($0, heatmap) })

        let gauges = try renderer.marks(for: Samples.chart("gauge").chart)
        #expect(gauges.map(\.label) == ["Success rate", "p95 processing time", "Mean processing time", "Error rate"])
        #expect(gauges.last?.text == "Error rate: no value (unknown)")  // errorRate nil in the sample
        #expect(gauges.first?.text == "Success rate: 97.25 % (ok)")  // above the 95 % warning line
    }

    @Test("an SVG path per mark: a closed outline of its shape")
    func paths() throws {
        let marks = try renderer.marks(for: Samples.chart("bar").chart)
        for mark in marks {
            #expect(mark.path.hasPrefix("M") && mark.path.hasSuffix("Z"))
        }
    }
}
