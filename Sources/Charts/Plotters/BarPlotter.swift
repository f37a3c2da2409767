import Foundation
import Model

/// Draws a ``BarChart`` vertically (category labels horizontal, rotated or thinned) or
/// horizontally (long labels on the left), grouped or stacked, with value labels where they fit.
struct BarPlotter {
    let chart: BarChart
    let palette: SeriesPalette

    /// `values[series][category]`, missing as 0.
    var matrix: [[Double]] {
        chart.series.map { s in chart.categories.indices.map { i in i < s.values.count && s.values[i].isFinite ? s.values[i] : 0 } }
    }

    /// The largest and smallest extent a bar reaches.
    var extent: (min: Double, max: Double) {
        let m = matrix
        if chart.stacking == .stacked {
            let pos = chart.categories.indices.map { i in m.reduce(0) { $0 + max(0, $1[i]) } }
            let neg = chart.categories.indices.map { i in m.reduce(0) { $0 + min(0, $1[i]) } }
            return (neg.min() ?? 0, pos.max() ?? 0)
        }
        let all = m.flatMap { $0 }
        return (all.min() ?? 0, all.max() ?? 0)
    }

    func draw(in area: ChartRect, renderer: ChartRenderer, painter: Painter) {
        let colors = palette.colors(for: chart.series.map(\.name))
        let body = chart.series.count > 1
            ? renderer.drawLegend(zip(chart.series, colors).map { LegendItem(name: $0.name, color: $1, style: .block) },
                                  in: area, painter: painter)
            : area
        let labels = chart.categories.map { painter.text($0, font: .tick) }
        if horizontal(labels: labels, body: body) {
            drawHorizontal(in: body, bounds: area, colors: colors, painter: painter)
        } else {
            drawVertical(in: body, bounds: area, labels: labels, colors: colors, painter: painter)
        }
    }

    /// Horizontal when asked, or (automatic) when labels would have to be rotated and the rows
    /// of a horizontal chart would still be readable.
    func horizontal(labels: [TextBlock], body: ChartRect) -> Bool {
        switch chart.orientation {
        case .horizontal: return true
        case .vertical: return false
        case .automatic:
            let band = (body.width - 60) / Double(max(1, labels.count))
            let widest = labels.map(\.width).max() ?? 0
            return widest + CategoryLabelPlan.gap > band && Double(labels.count) * 18 <= body.height - 30
        }
    }

    private func drawVertical(in body: ChartRect, bounds: ChartRect, labels: [TextBlock], colors: [RGB], painter: Painter) {
        let n = chart.categories.count
        let lineHeight = labels.first?.height ?? 13
        var depth = lineHeight + 10
        var ticks = ValueTicks.linear(painter, minimum: extent.min, maximum: extent.max, unit: chart.unit,
                                      length: body.height - depth, vertical: true)
        var plan = CategoryLabelPlan(shown: [], angle: 0, maxLabelWidth: 0, depth: 0)
        var left = ticks.labelWidth + 8
        for _ in 0..<2 {
            let width = body.width - left - 4
            plan = .horizontalAxis(widths: labels.map(\.width), band: width / Double(n), height: lineHeight,
                                   maxDepth: body.height * 0.35)
            depth = plan.depth + 10
            ticks = ValueTicks.linear(painter, minimum: extent.min, maximum: extent.max, unit: chart.unit,
                                      length: body.height - depth, vertical: true)
            left = ticks.labelWidth + 8
            if plan.angle != 0 {  // the first rotated label reaches left of its bar
                let reach = (min(labels[0].width, plan.maxLabelWidth) + lineHeight / 2) * cos(Double.pi / 4) - 3
                left = max(left, reach - width / Double(n) / 2)
            }
        }
        let plot = body.inset(left: left, bottom: depth, right: 4)
        guard plot.width > 4, plot.height > 4 else { return }
        ticks.drawVertical(painter, plot: plot)
        let band = plot.width / Double(n)
        let yOf = { (v: Double) in plot.maxY - ticks.fraction(v) * plot.height }

        // Category labels.
        var guardrail = LabelCollisionGuard()
        for i in plan.shown {
            let cx = plot.x + (Double(i) + 0.5) * band
            let block = plan.maxLabelWidth < labels[i].width
                ? painter.text(chart.categories[i], font: .tick, maxWidth: plan.maxLabelWidth) : labels[i]
            let box: LabelBox
            if plan.angle == 0 {
                box = LabelBox(text: block.text, centerX: cx, centerY: plot.maxY + 8 + block.height / 2,
                               width: block.width, height: block.height, angle: 0)
                if guardrail.admit(box) { painter.draw(block, x: cx, y: plot.maxY + 8, ax: 0.5, color: Theme.mutedText, record: true) }
            } else {
                let half = -block.width / 2  // the anchor is the label's right end
                box = LabelBox(text: block.text, centerX: cx + 3 + half * cos(plan.angle), centerY: plot.maxY + 8 + half * sin(plan.angle),
                               width: block.width, height: block.height, angle: plan.angle)
                if guardrail.admit(box, padding: 0.5) {
                    painter.draw(block, x: cx + 3, y: plot.maxY + 8, ax: 1, ay: 0.5, color: Theme.mutedText, angle: plan.angle, record: true)
                }
            }
        }

        // Bars.
        let m = matrix
        let groupWidth = band * (n > 60 ? 0.85 : 0.7)
        let seriesCount = Double(max(1, m.count))
        let valueLabels = chart.showValues
        for i in 0..<n {
            let left = plot.x + Double(i) * band + (band - groupWidth) / 2
            var posTop = 0.0, negBottom = 0.0
            for (s, values) in m.enumerated() {
                let v = values[i]
                guard v != 0 else { continue }
                if chart.stacking == .stacked {
                    let base = v >= 0 ? posTop : negBottom
                    let top = base + v
                    let (y0, y1) = (yOf(base), yOf(top))
                    let rect = ChartRect(x: left, y: min(y0, y1), width: groupWidth, height: abs(y1 - y0))
                    painter.fill(rect, colors[s])
                    markBar(rect, category: i, series: s, value: v, painter: painter)
                    if i == chart.inProgressCategory { hatch(rect, painter: painter) }
                    if v >= 0 { posTop = top } else { negBottom = top }
                    if valueLabels { drawInside(v, rect: rect, color: colors[s], painter: painter) }
                } else {
                    let w = groupWidth / seriesCount
                    let (y0, y1) = (yOf(0), yOf(v))
                    let rect = ChartRect(x: left + Double(s) * w, y: min(y0, y1), width: max(0.5, w - (seriesCount > 1 ? 1 : 0)),
                                         height: abs(y1 - y0))
                    painter.fill(rect, colors[s])
                    markBar(rect, category: i, series: s, value: v, painter: painter)
                    if i == chart.inProgressCategory { hatch(rect, painter: painter) }
                    if valueLabels { drawAbove(v, x: rect.midX, y: v >= 0 ? rect.y : rect.maxY, width: w, plot: plot, painter: painter) }
                }
            }
            if chart.stacking == .stacked, valueLabels, m.count > 1, posTop > 0 {
                drawAbove(posTop, x: left + groupWidth / 2, y: yOf(posTop), width: band, plot: plot, painter: painter)
            }
            if i == chart.inProgressCategory {
                let label = painter.text("so far", font: .tick)
                let x = min(max(left + groupWidth / 2, plot.x + label.width / 2), plot.maxX - label.width / 2)
                painter.draw(label, x: x, y: plot.y + 2, ax: 0.5, color: Theme.mutedText)
            }
        }
    }

    /// Records a bar (segment) as a mark: at least 6 units across, so a thin one can be pointed at.
    func markBar(_ rect: ChartRect, category: Int, series: Int, value: Double, painter: Painter) {
        let grow = { (size: Double) in max(0, 6 - size) / 2 }
        let region = ChartRect(x: rect.x - grow(rect.width), y: rect.y - grow(rect.height),
                               width: max(rect.width, 6), height: max(rect.height, 6))
        let label = chart.categories[category] + (category == chart.inProgressCategory ? " " + ChartDescription.soFar : "")
        painter.mark(.rect(region), label: label, values: [(chart.series[series].name, ValueFormat.figure(value, unit: chart.unit))])
    }

    /// Diagonal light stripes over a bar of a bucket still in progress at as-of.
    func hatch(_ rect: ChartRect, painter: Painter) {
        guard rect.width > 0, rect.height > 0 else { return }
        painter.clipped(to: rect) {
            var x = rect.x - rect.height
            while x < rect.maxX {
                painter.line(x, rect.maxY, x + rect.height, rect.y, color: Theme.background, width: 1.5)
                x += 5
            }
        }
    }

    /// A value label centred above a bar when the bar is wide enough and the plot has room.
    func drawAbove(_ v: Double, x: Double, y: Double, width: Double, plot: ChartRect, painter: Painter) {
        let block = painter.text(ValueFormat.compact(v, unit: chart.unit), font: .value)
        guard block.width + 2 <= width, y - block.height - 2 >= plot.y - 14 else { return }
        painter.draw(block, x: x, y: y - 2, ax: 0.5, ay: 1, color: Theme.text)
    }

    /// A value label inside a stacked segment when it fits, in black or white for contrast.
    func drawInside(_ v: Double, rect: ChartRect, color: RGB, painter: Painter) {
        let block = painter.text(ValueFormat.compact(v, unit: chart.unit), font: .value)
        guard block.width + 4 <= rect.width, block.height + 2 <= rect.height else { return }
        painter.draw(block, x: rect.midX, y: rect.midY, ax: 0.5, ay: 0.5,
                     color: color.luminance > 0.5 ? Theme.text : Theme.background)
    }
}
