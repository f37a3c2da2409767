import Foundation
import Model

/// Draws a ``GaugeChart``: half-circle dials in a grid, each with a grey track, its warning and
/// critical bands as an outer ring, the value arc in the status colour, the target marker, the
/// figure in the centre and min/max at the ends.
struct GaugePlotter {
    let chart: GaugeChart

    func draw(in area: ChartRect, painter: Painter) {
        let n = chart.gauges.count
        // The column count that gives the largest dials (a 2 × 2 grid on a phone, a row on a page).
        let columns = (1...max(1, n)).max { a, b in dialRadius(area, columns: a) < dialRadius(area, columns: b) } ?? 1
        let rows = (n + columns - 1) / columns
        let cellWidth = area.width / Double(columns), cellHeight = area.height / Double(rows)
        for (i, gauge) in chart.gauges.enumerated() {
            let cell = ChartRect(x: area.x + Double(i % columns) * cellWidth, y: area.y + Double(i / columns) * cellHeight,
                                 width: cellWidth, height: cellHeight)
            drawGauge(gauge, in: cell.inset(top: 2, left: 8, bottom: 2, right: 8), painter: painter)
        }
    }

    /// The dial radius a grid of `columns` allows (text rows take about 44 units per cell).
    private func dialRadius(_ area: ChartRect, columns: Int) -> Double {
        let rows = Double((chart.gauges.count + columns - 1) / columns)
        return min(area.width / Double(columns) / 2 - 12, (area.height / rows - 48) / 1.12)
    }

    private func drawGauge(_ gauge: Gauge, in cell: ChartRect, painter: Painter) {
        painter.mark(.rect(cell), label: gauge.label,
                     values: [(nil, (gauge.value.map { ValueFormat.figure($0, unit: gauge.unit) } ?? "no value") + " (\(gauge.status.rawValue))")])
        let label = painter.text(gauge.label, font: FontSpec(size: 12, bold: true), maxWidth: cell.width)
        let targetText = gauge.target.map {
            painter.text("target " + ValueFormat.figure($0, unit: gauge.unit), font: .value, maxWidth: cell.width)
        }
        let small = painter.text("0", font: .value).height
        // Every dial of the chart reserves the target line when any has one, so that they align.
        let targetRow = chart.gauges.contains { $0.target != nil } ? (targetText?.height ?? small) : 0
        let textRows = small + label.height + targetRow + 6
        let radius = max(8, min(cell.width / 2 - 4, (cell.height - textRows) / 1.12))
        let blockHeight = radius * 1.12 + textRows
        let cx = cell.midX
        let cy = cell.y + (cell.height - blockHeight) / 2 + radius * 1.12
        let thickness = radius * 0.2
        let span = gauge.maximum > gauge.minimum ? gauge.maximum - gauge.minimum : 1
        let frac = { (v: Double) in min(1, max(0, (v - gauge.minimum) / span)) }
        let angle = { (v: Double) in Double.pi + frac(v) * Double.pi }
        let r0 = radius - thickness, bandInner = radius + 2, bandOuter = radius + 2 + max(3, thickness * 0.35)

        painter.sector(cx, cy, inner: r0, outer: radius, start: .pi, end: 2 * .pi, color: Theme.track)
        for (from, to, color) in bands(gauge) where to > from {
            painter.sector(cx, cy, inner: bandInner, outer: bandOuter, start: angle(from), end: angle(to),
                           color: color.mixed(with: Theme.background, 0.25))
        }
        if let value = gauge.value, value.isFinite {
            let color: RGB = switch gauge.status {
            case .critical: Theme.critical
            case .warning: Theme.warning
            default: RGB(hex: 0x0072B2)
            }
            if frac(value) > 0 { painter.sector(cx, cy, inner: r0, outer: radius, start: .pi, end: angle(value), color: color) }
        }
        if let target = gauge.target {
            let a = angle(target)
            painter.line(cx + (r0 - 3) * cos(a), cy + (r0 - 3) * sin(a), cx + (bandOuter + 3) * cos(a), cy + (bandOuter + 3) * sin(a),
                         color: Theme.text, width: 2)
        }
        let figure = gauge.value.map { ValueFormat.figure($0, unit: gauge.unit) } ?? "—"
        var size = max(9, min(28, radius * 0.36))
        var figureBlock = painter.text(figure, font: FontSpec(size: size, bold: true))
        if figureBlock.width > r0 * 1.7 {
            size = max(7, size * r0 * 1.7 / figureBlock.width)
            figureBlock = painter.text(figure, font: FontSpec(size: size, bold: true), maxWidth: r0 * 1.9)
        }
        painter.draw(figureBlock, x: cx, y: cy - 2, ax: 0.5, ay: 1)
        let minText = painter.text(ValueFormat.compact(gauge.minimum, unit: .plain), font: .value)
        let maxText = painter.text(ValueFormat.compact(gauge.maximum, unit: .plain), font: .value)
        if minText.width + maxText.width + 8 < radius * 2 {
            painter.draw(minText, x: cx - radius + thickness / 2, y: cy + 3, ax: 0.5, color: Theme.mutedText)
            painter.draw(maxText, x: cx + radius - thickness / 2, y: cy + 3, ax: 0.5, color: Theme.mutedText)
        }
        painter.draw(label, x: cx, y: cy + 4 + small, ax: 0.5)
        if let targetText {
            painter.draw(targetText, x: cx, y: cy + 5 + small + label.height, ax: 0.5, color: Theme.mutedText)
        }
    }

    /// Warning and critical ranges on the scale, depending on which direction is bad.
    private func bands(_ g: Gauge) -> [(Double, Double, RGB)] {
        var out: [(Double, Double, RGB)] = []
        if g.higherIsBetter {
            let critical = g.critical.map { min(max($0, g.minimum), g.maximum) }
            let warning = g.warning.map { min(max($0, g.minimum), g.maximum) }
            if let critical { out.append((g.minimum, critical, Theme.critical)) }
            if let warning { out.append((critical ?? g.minimum, max(warning, critical ?? g.minimum), Theme.warning)) }
        } else {
            let critical = g.critical.map { min(max($0, g.minimum), g.maximum) }
            let warning = g.warning.map { min(max($0, g.minimum), g.maximum) }
            if let warning { out.append((warning, critical ?? g.maximum, Theme.warning)) }
            if let critical { out.append((critical, g.maximum, Theme.critical)) }
        }
        return out
    }
}
