import Foundation
import Model

/// Draws a ``HeatmapChart``: a grid of cells on a sequential blue ramp (colour-blind safe),
/// row labels on the left, column labels below (thinned when narrow), values in cells that are
/// large enough, and a colour legend under the grid.
struct HeatmapPlotter {
    let chart: HeatmapChart

    static let ramp: [RGB] = [0xEFF3FF, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x3182BD, 0x08519C].map { RGB(hex: $0) }
    static let empty = RGB(hex: 0xF6F8FA)

    /// The colour of a value at `t` (0…1) along the ramp.
    static func color(_ t: Double) -> RGB {
        let x = min(1, max(0, t)) * Double(ramp.count - 1)
        let i = min(ramp.count - 2, Int(x))
        return ramp[i].mixed(with: ramp[i + 1], x - Double(i))
    }

    func draw(in area: ChartRect, painter: Painter) {
        let rows = chart.rowLabels.count, columns = chart.columnLabels.count
        guard rows > 0, columns > 0 else { return }
        let value = { (r: Int, c: Int) -> Double in
            r < chart.values.count && c < chart.values[r].count && chart.values[r][c].isFinite ? chart.values[r][c] : 0
        }
        let maxValue = max(1e-12, (0..<rows).flatMap { r in (0..<columns).map { value(r, $0) } }.max() ?? 1)
        let rowBlocks = chart.rowLabels.map { painter.text($0, font: .tick, maxWidth: area.width * 0.25) }
        let colBlocks = chart.columnLabels.map { painter.text($0, font: .tick) }
        let lineHeight = colBlocks.first?.height ?? 13
        let legendHeight = 34.0
        let plot = area.inset(left: (rowBlocks.map(\.width).max() ?? 0) + 8, bottom: lineHeight + 8 + legendHeight)
        guard plot.width > 4, plot.height > 4 else { return }
        let cw = plot.width / Double(columns), ch = plot.height / Double(rows)
        let gap = min(cw, ch) > 8 ? 1.5 : 0
        for r in 0..<rows {
            for c in 0..<columns {
                let v = value(r, c)
                let fill = v <= 0 ? Self.empty : Self.color(0.08 + 0.92 * v / maxValue)
                let cell = ChartRect(x: plot.x + Double(c) * cw, y: plot.y + Double(r) * ch, width: cw - gap, height: ch - gap)
                painter.fill(cell, fill)
                if r < chart.rowLabels.count, c < chart.columnLabels.count {
                    painter.mark(.rect(cell), label: chart.rowLabels[r] + " " + chart.columnLabels[c],
                                 values: [(nil, ValueFormat.figure(v, unit: chart.unit))])
                }
                guard v > 0, cw >= 24, ch >= 16 else { continue }
                let text = painter.text(ValueFormat.compact(v, unit: .count), font: FontSpec(size: 9.5, bold: false))
                if text.width + 4 <= cell.width {
                    painter.draw(text, x: cell.midX, y: cell.midY, ax: 0.5, ay: 0.5, color: fill.luminance > 0.5 ? Theme.text : Theme.background)
                }
            }
        }
        let rowPlan = CategoryLabelPlan.verticalAxis(count: rows, band: ch, height: lineHeight, maxWidth: area.width * 0.25)
        for r in rowPlan.shown {
            painter.draw(rowBlocks[r], x: plot.x - 8, y: plot.y + (Double(r) + 0.5) * ch, ax: 1, ay: 0.5, color: Theme.text, record: true)
        }
        let widest = colBlocks.map(\.width).max() ?? 0
        let stride = max(1, Int(((widest + 6) / cw).rounded(.up)))
        let strideNice = [1, 2, 3, 4, 6, 8, 12, 24].first { $0 >= stride } ?? stride
        var guardrail = LabelCollisionGuard()
        for c in Swift.stride(from: 0, to: columns, by: strideNice) {
            let x = plot.x + (Double(c) + 0.5) * cw - gap / 2
            let box = LabelBox(text: colBlocks[c].text, centerX: x, centerY: plot.maxY + 4 + lineHeight / 2,
                               width: colBlocks[c].width, height: lineHeight, angle: 0)
            if guardrail.admit(box) { painter.draw(colBlocks[c], x: x, y: plot.maxY + 4, ax: 0.5, color: Theme.mutedText, record: true) }
        }
        drawLegend(maxValue: maxValue, at: ChartRect(x: plot.x, y: area.maxY - legendHeight + 8, width: plot.width, height: legendHeight - 8),
                   painter: painter)
    }

    /// A gradient strip from 0 to the maximum, with both ends labelled.
    private func drawLegend(maxValue: Double, at box: ChartRect, painter: Painter) {
        let width = min(180, box.width * 0.6)
        let x0 = box.maxX - width
        let steps = 36
        for i in 0..<steps {
            let t = Double(i) / Double(steps - 1)
            painter.fill(ChartRect(x: x0 + Double(i) * width / Double(steps), y: box.y, width: width / Double(steps) + 0.3, height: 8),
                         Self.color(0.08 + 0.92 * t))
        }
        let low = painter.text("0", font: .value)
        let high = painter.text(ValueFormat.figure(maxValue, unit: chart.unit), font: .value)
        painter.draw(low, x: x0, y: box.y + 10, color: Theme.mutedText)
        painter.draw(high, x: box.maxX, y: box.y + 10, ax: 1, color: Theme.mutedText)
        let caption = painter.text(chart.unit == .count ? "events per cell" : "value per cell", font: .value)
        if x0 - 8 - caption.width >= box.x { painter.draw(caption, x: x0 - 8, y: box.y + 4, ax: 1, ay: 0.5, color: Theme.mutedText) }
    }
}
