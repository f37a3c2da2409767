import Foundation
import Model

/// The ticks and their laid-out labels for one value axis (linear 1-2-5 or logarithmic).
struct ValueTicks {
    let ticks: [Double]
    let labels: [TextBlock]
    let fraction: (Double) -> Double
    var labelWidth: Double { labels.map(\.width).max() ?? 0 }

    /// A linear axis over `minimum…maximum` that is `length` long; tick density follows the
    /// label size (`vertical`: stacked labels, else side by side).
    static func linear(_ painter: Painter, minimum: Double, maximum: Double, unit: ValueUnit, length: Double,
                       vertical: Bool, includeZero: Bool = true) -> ValueTicks {
        let maxTicks = vertical ? Int(length / 38) : Int(length / 64)
        let scale = NiceScale(minimum: minimum, maximum: maximum, maxTicks: max(3, min(8, maxTicks)), includeZero: includeZero)
        let labels = scale.ticks.map { painter.text(ValueFormat.tick($0, step: scale.step, unit: unit), font: .tick) }
        return ValueTicks(ticks: scale.ticks, labels: labels, fraction: scale.fraction)
    }

    /// A base-10 logarithmic axis.
    static func logarithmic(_ painter: Painter, minimum: Double, maximum: Double, unit: ValueUnit) -> ValueTicks {
        let scale = LogScale(minimum: minimum, maximum: maximum)
        let labels = scale.ticks.map { painter.text(ValueFormat.tick($0, step: min($0, 1), unit: unit), font: .tick) }
        return ValueTicks(ticks: scale.ticks, labels: labels, fraction: scale.fraction)
    }

    /// Horizontal grid lines across `plot` and the labels right-aligned left of it.
    func drawVertical(_ painter: Painter, plot: ChartRect) {
        var guardrail = LabelCollisionGuard()
        for (i, tick) in ticks.enumerated() {
            let y = plot.maxY - fraction(tick) * plot.height
            guard y >= plot.y - 0.5, y <= plot.maxY + 0.5 else { continue }
            let isBase = abs(y - plot.maxY) < 0.5
            painter.line(plot.x, y, plot.maxX, y, color: isBase ? Theme.axis : Theme.grid, width: isBase ? 1 : 0.8)
            let box = LabelBox(text: labels[i].text, centerX: plot.x - 6 - labels[i].width / 2, centerY: y,
                               width: labels[i].width, height: labels[i].height, angle: 0)
            if guardrail.admit(box) {
                painter.draw(labels[i], x: plot.x - 6, y: y, ax: 1, ay: 0.5, color: Theme.mutedText, record: true)
            }
        }
    }

    /// Vertical grid lines across `plot` and the labels centred below it (kept inside `bounds`).
    func drawHorizontal(_ painter: Painter, plot: ChartRect, bounds: ChartRect) {
        var guardrail = LabelCollisionGuard()
        for (i, tick) in ticks.enumerated() {
            let x = plot.x + fraction(tick) * plot.width
            guard x >= plot.x - 0.5, x <= plot.maxX + 0.5 else { continue }
            let isBase = abs(x - plot.x) < 0.5
            painter.line(x, plot.y, x, plot.maxY, color: isBase ? Theme.axis : Theme.grid, width: isBase ? 1 : 0.8)
            let w = labels[i].width
            let cx = min(max(x, bounds.x + w / 2), bounds.maxX - w / 2)
            let box = LabelBox(text: labels[i].text, centerX: cx, centerY: plot.maxY + 8 + labels[i].height / 2,
                               width: w, height: labels[i].height, angle: 0)
            if guardrail.admit(box, padding: 8) {
                painter.draw(labels[i], x: cx, y: plot.maxY + 8, ax: 0.5, ay: 0, color: Theme.mutedText, record: true)
            }
        }
    }
}
