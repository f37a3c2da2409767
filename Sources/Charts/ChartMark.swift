public import Foundation

/// One mark of a drawn chart — a line chart's bucket column, a bar segment, a slice, a heatmap
/// cell, a gauge — with where the renderer drew it (chart units, the SVG's coordinates) and
/// what it shows. Pages lay focusable regions with these over the chart image, so a reader
/// gets the exact figure on hover and on keyboard focus without any script.
public struct ChartMark: Sendable, Equatable {
    /// The region of the mark, in chart units.
    public enum Shape: Sendable, Equatable {
        case rect(ChartRect)
        /// A closed polygon through these points.
        case polygon([ChartPoint])
    }

    public var shape: Shape
    /// `2026-11-28` (a bucket), `timeout` (a category), `GaN-HEMT` (a slice).
    public var label: String
    /// Series name and formatted value, one pair per series the mark covers (a line chart's
    /// column holds every series at that bucket).
    public var values: [(series: String?, value: String)]

    public init(shape: Shape, label: String, values: [(series: String?, value: String)]) {
        self.shape = shape
        self.label = label
        self.values = values
    }

    /// `2026-11-28 — document_processed: 296; page_view: 70`, `timeout · pdf-service: 12`.
    public var text: String {
        if values.count == 1, let only = values.first {
            return label + (only.series.map { " · " + $0 } ?? "") + ": " + only.value
        }
        return label + " — " + values.map { ($0.series.map { $0 + ": " } ?? "") + $0.value }.joined(separator: "; ")
    }

    /// The SVG `d` of the shape, coordinates to 0.1 unit.
    public var path: String {
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        switch shape {
        case .rect(let r):
            return "M\(f(r.x)) \(f(r.y))h\(f(r.width))v\(f(r.height))h\(f(-r.width))Z"
        case .polygon(let points):
            guard let first = points.first else { return "" }
            return "M\(f(first.x)) \(f(first.y))" + points.dropFirst().map { "L\(f($0.x)) \(f($0.y))" }.joined() + "Z"
        }
    }

    public static func == (lhs: ChartMark, rhs: ChartMark) -> Bool {
        lhs.shape == rhs.shape && lhs.label == rhs.label && lhs.values.map { "\($0.series ?? "")\u{1}\($0.value)" } == rhs.values.map { "\($0.series ?? "")\u{1}\($0.value)" }
    }
}

/// A point in chart units.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
