internal import Charts
internal import Foundation
internal import Model

/// One focusable region laid over a chart image: its outline (the shape the renderer drew), the
/// text a screen reader and the hover tooltip read (`<title>`), and the lines of the readout
/// shown on hover and keyboard focus (pure CSS, no script).
struct MarkView {
    var path: String
    var text: String
    var lines: [LineView]
    var tipX: String
    var anchor: String
    /// The readout's backdrop, sized from the text (about 7 units a character at 12 px).
    var backdrop: String
    /// A drill-down link (an error type × service bar: that service's error analysis).
    var href = ""
    var hasHref = false

    struct LineView {
        var text: String
        var y: String
    }

    /// The marks of `chart` as the renderer lays them out (empty when it cannot).
    /// `link` gives the page a mark leads to, when there is one.
    static func marks(for chart: ChartDescription, link: (ChartMark) -> String? = { _ in nil }) -> [MarkView] {
        guard let marks = try? ChartRenderer().marks(for: chart) else { return [] }
        return marks.map { mark in
            let box = mark.bounds
            let right = box.midX > chart.width / 2
            let lines = [mark.label] + mark.values.map { ($0.series.map { $0 + ": " } ?? "") + $0.value }
            let x = right ? max(4, box.maxX - 2) : min(chart.width - 4, box.x + 2)
            let width = Double(lines.map(\.count).max() ?? 0) * 7 + 8
            let height = Double(lines.count) * 15 + 6
            let left = right ? x - width + 4 : x - 4
            return MarkView(
                path: mark.path, text: mark.text,
                lines: lines.enumerated().map { LineView(text: $1, y: String(format: "%.0f", 16 + Double($0) * 15)) },
                tipX: String(format: "%.1f", x), anchor: right ? "end" : "start",
                backdrop: String(format: "M%.1f 3h%.1fv%.1fh%.1fZ", left, width, height, -width),
                href: link(mark) ?? "", hasHref: link(mark) != nil)
        }
    }
}

extension ChartMark {
    /// The bounding box of the shape.
    var bounds: ChartRect {
        switch shape {
        case .rect(let rect): return rect
        case .polygon(let points):
            let xs = points.map(\.x), ys = points.map(\.y)
            let (x0, y0) = (xs.min() ?? 0, ys.min() ?? 0)
            return ChartRect(x: x0, y: y0, width: (xs.max() ?? 0) - x0, height: (ys.max() ?? 0) - y0)
        }
    }
}
