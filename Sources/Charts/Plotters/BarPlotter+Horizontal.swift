import Foundation
import Model

extension BarPlotter {
    /// Bars growing rightwards, categories listed top to bottom with labels ellipsised to at
    /// most 40 % of the width, thinned when rows are lower than a line of text.
    func drawHorizontal(in body: ChartRect, bounds: ChartRect, colors: [RGB], painter: Painter) {
        let n = chart.categories.count
        let maxLabel = min(220, body.width * 0.4)
        let labels = chart.categories.map { painter.text($0, font: .tick, maxWidth: maxLabel) }
        let labelWidth = labels.map(\.width).max() ?? 0
        let lineHeight = labels.first?.height ?? 13
        let provisional = ValueTicks.linear(painter, minimum: extent.min, maximum: extent.max, unit: chart.unit,
                                            length: body.width - labelWidth - 10, vertical: false)
        let plot = body.inset(left: labelWidth + 10, bottom: lineHeight + 10,
                              right: max(8, (provisional.labels.last?.width ?? 0) / 2 + 2) + (chart.showValues ? 34 : 0))
        guard plot.width > 4, plot.height > 4 else { return }
        let ticks = ValueTicks.linear(painter, minimum: extent.min, maximum: extent.max, unit: chart.unit,
                                      length: plot.width, vertical: false)
        ticks.drawHorizontal(painter, plot: plot, bounds: bounds)
        let band = plot.height / Double(n)
        let plan = CategoryLabelPlan.verticalAxis(count: n, band: band, height: lineHeight, maxWidth: maxLabel)
        var guardrail = LabelCollisionGuard()
        for i in plan.shown {
            let cy = plot.y + (Double(i) + 0.5) * band
            let box = LabelBox(text: labels[i].text, centerX: plot.x - 8 - labels[i].width / 2, centerY: cy,
                               width: labels[i].width, height: labels[i].height, angle: 0)
            if guardrail.admit(box) {
                painter.draw(labels[i], x: plot.x - 8, y: cy, ax: 1, ay: 0.5, color: Theme.text, record: true)
            }
        }
        let xOf = { (v: Double) in plot.x + ticks.fraction(v) * plot.width }
        let m = matrix
        let thickness = band * (n > 60 ? 0.85 : 0.7)
        let seriesCount = Double(max(1, m.count))
        for i in 0..<n {
            let top = plot.y + Double(i) * band + (band - thickness) / 2
            var end = 0.0
            for (s, values) in m.enumerated() {
                let v = values[i]
                guard v != 0 else { continue }
                if chart.stacking == .stacked {
                    let (x0, x1) = (xOf(end), xOf(end + v))
                    let rect = ChartRect(x: min(x0, x1), y: top, width: abs(x1 - x0), height: thickness)
                    painter.fill(rect, colors[s])
                    markBar(rect, category: i, series: s, value: v, painter: painter)
                    end += v
                    if chart.showValues && m.count > 1 { drawInside(v, rect: rect, color: colors[s], painter: painter) }
                } else {
                    let h = thickness / seriesCount
                    let (x0, x1) = (xOf(0), xOf(v))
                    let rect = ChartRect(x: min(x0, x1), y: top + Double(s) * h, width: abs(x1 - x0),
                                         height: max(0.5, h - (seriesCount > 1 ? 1 : 0)))
                    painter.fill(rect, colors[s])
                    markBar(rect, category: i, series: s, value: v, painter: painter)
                    if chart.showValues { drawBeside(v, at: rect.maxX, cy: rect.midY, rowHeight: h, bounds: bounds, painter: painter) }
                }
            }
            if chart.stacking == .stacked, chart.showValues, end > 0 {
                drawBeside(end, at: xOf(end), cy: top + thickness / 2, rowHeight: thickness, bounds: bounds, painter: painter)
            }
        }
    }

    /// A value label right of a bar's end when the row is tall enough and there is room.
    private func drawBeside(_ v: Double, at x: Double, cy: Double, rowHeight: Double, bounds: ChartRect, painter: Painter) {
        let block = painter.text(ValueFormat.compact(v, unit: chart.unit), font: .value)
        guard block.height <= rowHeight + 3, x + 4 + block.width <= bounds.maxX else { return }
        painter.draw(block, x: x + 4, y: cy, ay: 0.5, color: Theme.text)
    }
}
