import Foundation
import Model

/// A legend entry: a swatch of the series colour drawn as a line, dashed line or block.
struct LegendItem {
    enum Style { case line, dashed, block }
    var name: String
    var color: RGB
    var style: Style
}

extension ChartRenderer {
    /// Draws the background, title and subtitle; returns the area left for the chart body.
    func drawFrame(_ chart: ChartDescription, in bounds: ChartRect, painter: Painter) -> ChartRect {
        painter.fill(bounds, Theme.background)
        var area = bounds.inset(top: Theme.padding, left: Theme.padding, bottom: Theme.padding - 4, right: Theme.padding)
        if case .sparkline = chart.content { return bounds.inset(top: 3, left: 3, bottom: 3, right: 3) }
        guard !chart.title.isEmpty else { return area }
        let title = painter.text(chart.title, font: .title, maxWidth: area.width)
        painter.draw(title, x: area.x, y: area.y)
        area = area.inset(top: title.height + 2)
        if let subtitle = chart.subtitle, !subtitle.isEmpty {
            let sub = painter.text(subtitle, font: .subtitle, maxWidth: area.width)
            painter.draw(sub, x: area.x, y: area.y, color: Theme.mutedText)
            area = area.inset(top: sub.height)
        }
        return area.inset(top: 10)
    }

    /// Lays legend items out in rows from the top of `area` (never over the plot) and returns
    /// the area below them. Entries that do not fit in three rows are summarised as "+N more".
    func drawLegend(_ items: [LegendItem], in area: ChartRect, painter: Painter) -> ChartRect {
        guard !items.isEmpty else { return area }
        let swatch = 14.0, spacing = 18.0
        let blocks = items.map { painter.text($0.name, font: .legend, maxWidth: min(200, area.width - swatch - 6)) }
        let rowHeight = (blocks.map(\.height).max() ?? 14) + 4
        var x = area.x, row = 0
        for (i, item) in items.enumerated() {
            let w = swatch + 6 + blocks[i].width
            if x > area.x && x + w > area.maxX {
                row += 1
                x = area.x
            }
            if row == 3 {
                let more = painter.text("+\(items.count - i) more", font: .legend)
                painter.draw(more, x: area.x, y: area.y + Double(row) * rowHeight, color: Theme.mutedText)
                row += 1
                break
            }
            let y = area.y + Double(row) * rowHeight
            let cy = y + blocks[i].height / 2
            switch item.style {
            case .block: painter.fill(ChartRect(x: x, y: cy - 5, width: swatch - 4, height: 10), item.color)
            case .line: painter.line(x, cy, x + swatch, cy, color: item.color, width: 2.5)
            case .dashed: painter.line(x, cy, x + swatch, cy, color: item.color, width: 2, dash: [3, 2])
            }
            painter.draw(blocks[i], x: x + swatch + 6, y: y)
            x += w + spacing
            if i == items.count - 1 { row += 1 }
        }
        return area.inset(top: Double(row) * rowHeight + 8)
    }

    /// The explicit empty state: a faint frame with "No data for this period" in the middle.
    func drawNoData(in area: ChartRect, painter: Painter, message: String = "No data for this period") {
        painter.fill(area, RGB(hex: 0xF6F8FA))
        let block = painter.text(message, font: FontSpec(size: 13, bold: false), maxWidth: area.width - 16)
        painter.draw(block, x: area.midX, y: area.midY, ax: 0.5, ay: 0.5, color: Theme.mutedText)
    }
}
