import Foundation
import Model

/// Draws a ``PieChart``: slices from 12 o'clock clockwise, largest first, percentages inside
/// the slice when they fit and outside with a leader line when the slice is thin; a legend
/// with values on the right (or on top when narrow); the total in a donut's hole.
struct PiePlotter {
    let chart: PieChart
    let palette: SeriesPalette

    func draw(in area: ChartRect, renderer: ChartRenderer, painter: Painter) {
        let slices = chart.drawnSlices
        let total = slices.reduce(0) { $0 + $1.value }
        let colors = palette.colors(for: slices.map(\.label))
        var pieArea = area
        if area.width >= 440 {
            let legendWidth = min(300, area.width * 0.45)
            drawSideLegend(slices, colors: colors, total: total, in: area.inset(left: area.width - legendWidth), painter: painter)
            pieArea = area.inset(right: legendWidth + 8)
        } else {
            pieArea = renderer.drawLegend(zip(slices, colors).map { LegendItem(name: $0.label, color: $1, style: .block) },
                                          in: area, painter: painter)
        }
        let labelRoom = 48.0
        let radius = max(10, min(pieArea.width / 2 - labelRoom, pieArea.height / 2 - 18))
        let (cx, cy) = (pieArea.midX, pieArea.midY)
        let inner = chart.donut ? radius * 0.58 : 0
        var angle = -Double.pi / 2
        var outside: [(mid: Double, text: TextBlock)] = []
        for (i, slice) in slices.enumerated() {
            let sweep = slice.value / total * 2 * .pi
            painter.sector(cx, cy, inner: inner, outer: radius, start: angle, end: angle + sweep, color: colors[i],
                           separator: slices.count > 1 ? 1.5 : 0)
            markSlice(slice, share: slice.value / total, cx: cx, cy: cy, inner: inner, outer: radius, start: angle, end: angle + sweep,
                      painter: painter)
            let mid = angle + sweep / 2
            let label = painter.text(ValueFormat.share(slice.value / total), font: .value)
            let r = inner > 0 ? (inner + radius) / 2 : radius * 0.64
            let fits = Self.fits(label, at: (cx + r * cos(mid), cy + r * sin(mid)), center: (cx, cy),
                                 inner: inner, outer: radius, start: angle, end: angle + sweep)
            if fits || slices.count == 1 {
                painter.draw(label, x: cx + r * cos(mid), y: cy + r * sin(mid), ax: 0.5, ay: 0.5,
                             color: colors[i].luminance > 0.5 ? Theme.text : Theme.background)
            } else {
                outside.append((mid, label))
            }
            angle += sweep
        }
        drawOutsideLabels(outside, cx: cx, cy: cy, radius: radius, bounds: area, painter: painter)
        if chart.donut {
            let totalText = painter.text(ValueFormat.compact(total, unit: chart.unit), font: FontSpec(size: min(22, inner / 3), bold: true),
                                         maxWidth: inner * 1.6)
            let caption = painter.text("total", font: .value)
            painter.draw(totalText, x: cx, y: cy + 2, ax: 0.5, ay: 1)
            painter.draw(caption, x: cx, y: cy + 2, ax: 0.5, color: Theme.mutedText)
        }
    }

    /// True when every corner of the label's box lies inside the ring segment (2 units inside).
    /// Records a slice as a mark: the ring segment as a polygon (arcs in steps of at most 6°).
    func markSlice(_ slice: PieSlice, share: Double, cx: Double, cy: Double, inner: Double, outer: Double, start: Double, end: Double,
                   painter: Painter) {
        let steps = max(2, Int(((end - start) / (Double.pi / 30)).rounded(.up)))
        let arc = { (r: Double) in (0...steps).map { k -> ChartPoint in
            let a = start + (end - start) * Double(k) / Double(steps)
            return ChartPoint(x: cx + r * cos(a), y: cy + r * sin(a))
        } }
        let points = arc(outer) + (inner > 0 ? arc(inner).reversed() : [ChartPoint(x: cx, y: cy)])
        painter.mark(.polygon(points), label: slice.label,
                     values: [(nil, ValueFormat.figure(slice.value, unit: chart.unit) + " (" + ValueFormat.share(share) + ")")])
    }

    static func fits(_ label: TextBlock, at p: (Double, Double), center c: (Double, Double), inner: Double, outer: Double,
                     start: Double, end: Double) -> Bool {
        for (sx, sy) in [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)] {
            let x = p.0 + sx * (label.width + 4) - c.0, y = p.1 + sy * (label.height + 2) - c.1
            let r = (x * x + y * y).squareRoot()
            guard r >= inner + 2, r <= outer - 2 else { return false }
            var a = atan2(y, x)
            while a < start { a += 2 * .pi }
            guard a <= end else { return false }
        }
        return true
    }

    /// Labels of thin slices outside the pie with leader lines, pushed apart vertically per side.
    private func drawOutsideLabels(_ labels: [(mid: Double, text: TextBlock)], cx: Double, cy: Double, radius: Double,
                                   bounds: ChartRect, painter: Painter) {
        for right in [true, false] {
            var side = labels.filter { (cos($0.mid) >= 0) == right }
                .map { (mid: $0.mid, text: $0.text, y: cy + (radius + 14) * sin($0.mid)) }
                .sorted { $0.y < $1.y }
            for i in side.indices.dropFirst() where side[i].y < side[i - 1].y + side[i - 1].text.height {
                side[i].y = side[i - 1].y + side[i - 1].text.height
            }
            if let last = side.last, last.y + last.text.height / 2 > bounds.maxY {
                let shift = last.y + last.text.height / 2 - bounds.maxY
                for i in side.indices { side[i].y -= shift }
            }
            for label in side {
                let (ex, ey) = (cx + (radius + 2) * cos(label.mid), cy + (radius + 2) * sin(label.mid))
                let knee = cx + (radius + 14) * cos(label.mid)
                let end = knee + (right ? 8 : -8)
                painter.polyline([(ex, ey), (knee, label.y), (end, label.y)], color: Theme.axis, width: 0.8)
                painter.draw(label.text, x: end + (right ? 3 : -3), y: label.y, ax: right ? 0 : 1, ay: 0.5, color: Theme.text)
            }
        }
    }

    /// A list of swatch, name, value and share, vertically centred beside the pie.
    private func drawSideLegend(_ slices: [PieSlice], colors: [RGB], total: Double, in box: ChartRect, painter: Painter) {
        let values = slices.map { painter.text(ValueFormat.figure($0.value, unit: chart.unit), font: .legend) }
        let valueWidth = values.map(\.width).max() ?? 0
        let rowHeight = 20.0
        let maxRows = max(1, Int(box.height / rowHeight))
        let rows = min(slices.count, maxRows)
        var y = box.midY - Double(rows) * rowHeight / 2
        for i in 0..<rows {
            painter.fill(ChartRect(x: box.x, y: y + 5, width: 10, height: 10), colors[i])
            let name = painter.text(slices[i].label, font: .legend, maxWidth: box.width - valueWidth - 30)
            painter.draw(name, x: box.x + 16, y: y + 10, ay: 0.5)
            painter.draw(values[i], x: box.maxX, y: y + 10, ax: 1, ay: 0.5, color: Theme.mutedText)
            y += rowHeight
        }
    }
}
