import Foundation
import Model

/// Draws a ``ScatterChart``: two value axes (linear or log), translucent dots so that dense
/// clouds show their density, axis titles outside the plot.
struct ScatterPlotter {
    let chart: ScatterChart
    let palette: SeriesPalette

    func draw(in area: ChartRect, renderer: ChartRenderer, painter: Painter) {
        let colors = palette.colors(for: chart.series.map(\.name))
        let body = chart.series.count > 1
            ? renderer.drawLegend(zip(chart.series, colors).map { LegendItem(name: $0.name, color: $1, style: .block) },
                                  in: area, painter: painter)
            : area
        let points = chart.series.map { s in
            s.points.filter { $0.x.isFinite && $0.y.isFinite && (!chart.xAxis.logarithmic || $0.x > 0) && (!chart.yAxis.logarithmic || $0.y > 0) }
        }
        let all = points.flatMap { $0 }
        guard !all.isEmpty else {
            renderer.drawNoData(in: body, painter: painter)
            return
        }
        let xs = all.map(\.x), ys = all.map(\.y)
        let yTitle = chart.yAxis.title.map { painter.text($0, font: .axisTitle, maxWidth: body.width) }
        let xTitle = chart.xAxis.title.map { painter.text($0, font: .axisTitle, maxWidth: body.width) }
        let lineHeight = painter.text("0", font: .tick).height
        let top = (yTitle?.height ?? 0) + (yTitle == nil ? 0 : 12)
        let bottom = lineHeight + 10 + (xTitle.map { $0.height + 4 } ?? 0)
        let yTicks = chart.yAxis.logarithmic
            ? ValueTicks.logarithmic(painter, minimum: ys.min()!, maximum: ys.max()!, unit: chart.yAxis.unit)
            : ValueTicks.linear(painter, minimum: ys.min()!, maximum: ys.max()!, unit: chart.yAxis.unit,
                                length: body.height - top - bottom, vertical: true, includeZero: false)
        let plot = body.inset(top: top, left: yTicks.labelWidth + 8, bottom: bottom, right: 14)
        guard plot.width > 10, plot.height > 10 else { return }
        let xTicks = chart.xAxis.logarithmic
            ? ValueTicks.logarithmic(painter, minimum: xs.min()!, maximum: xs.max()!, unit: chart.xAxis.unit)
            : ValueTicks.linear(painter, minimum: xs.min()!, maximum: xs.max()!, unit: chart.xAxis.unit,
                                length: plot.width, vertical: false, includeZero: false)
        yTicks.drawVertical(painter, plot: plot)
        xTicks.drawHorizontal(painter, plot: plot, bounds: area)
        if let yTitle { painter.draw(yTitle, x: body.x, y: body.y, color: Theme.mutedText) }
        if let xTitle { painter.draw(xTitle, x: plot.maxX, y: body.maxY, ax: 1, ay: 1, color: Theme.mutedText) }

        let count = all.count
        let alpha = chart.pointAlpha ?? (count < 200 ? 0.8 : count < 2000 ? 0.45 : 0.2)
        let radius = count < 200 ? 3.5 : count < 2000 ? 2.5 : 1.8
        painter.clipped(to: plot.inset(top: -radius, left: -radius, bottom: -radius, right: -radius)) {
            for (s, series) in points.enumerated() {
                for p in series {
                    painter.circle(plot.x + xTicks.fraction(p.x) * plot.width, plot.maxY - yTicks.fraction(p.y) * plot.height,
                                   radius: radius, color: colors[s], alpha: alpha)
                }
            }
        }
    }
}
