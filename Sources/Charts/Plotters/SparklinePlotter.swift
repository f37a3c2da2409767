import Foundation
import Model

/// Draws a ``SparklineChart``: a line with a light area and a dot on the last value, no axes.
struct SparklinePlotter {
    let chart: SparklineChart
    let palette: SeriesPalette

    func draw(in area: ChartRect, painter: Painter) {
        let values = chart.values.map { $0.isFinite ? $0 : 0 }
        let color = palette.colors(for: [chart.seriesName])[0]
        let plot = area.inset(top: 3, left: 2, bottom: 3, right: 5)
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let span = hi - lo > 0 ? hi - lo : max(1, abs(hi))
        let base = hi - lo > 0 ? lo : lo - span / 2
        let n = values.count
        let points = values.enumerated().map { i, v in
            (n == 1 ? plot.midX : plot.x + Double(i) / Double(n - 1) * plot.width, plot.maxY - (v - base) / span * plot.height)
        }
        if n > 1 {
            painter.area(points, baseline: plot.maxY, color: color, alpha: 0.14)
            painter.polyline(points, color: color, width: 1.6)
        }
        if let last = points.last { painter.circle(last.0, last.1, radius: 2.6, color: color) }
    }
}
