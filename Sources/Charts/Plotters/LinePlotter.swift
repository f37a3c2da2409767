import Foundation
import Model

/// Draws a ``LineChart``: value grid, date axis, one line per series (area under a lone
/// series), the previous period dashed, an optional moving average, a dot on the last value.
struct LinePlotter {
    let chart: LineChart
    let palette: SeriesPalette

    func draw(in area: ChartRect, renderer: ChartRenderer, painter: Painter) {
        let grid = chart.buckets
        let colors = palette.colors(for: chart.series.map(\.name))
        let values = chart.series.map { chart.values(of: $0, on: grid) }
        let shift = chart.periodLength
        let previous = chart.previousPeriod.map { chart.values(of: $0, on: grid, shift: shift) }
        let averages = chart.movingAverageWindow.map { w in values.map { Self.movingAverage($0, window: w) } } ?? []

        var legend = zip(chart.series, colors).map { LegendItem(name: $0.name, color: $1, style: .line) }
        if !chart.previousPeriod.isEmpty { legend.append(LegendItem(name: "Previous period", color: Theme.axis, style: .dashed)) }
        if let w = chart.movingAverageWindow {
            legend.append(LegendItem(name: "\(w)-\(chart.bucket.rawValue) average", color: Theme.mutedText, style: .dashed))
        }
        var body = legend.count > 1 || chart.series.count > 1
            ? renderer.drawLegend(legend, in: area, painter: painter) : area
        if let title = chart.valueAxisTitle {
            let block = painter.text(title, font: .axisTitle, maxWidth: body.width)
            painter.draw(block, x: body.x, y: body.y, color: Theme.mutedText)
            body = body.inset(top: block.height + 10)
        }

        let all = (values + previous + averages).flatMap { $0.compactMap { $0 } }
        let isSinglePoint = grid.count == 1 || values.allSatisfy { $0.compactMap { $0 }.count <= 1 } && !chart.missingAsZero
        let axis = DateAxis(chart: chart, buckets: grid)
        let sample = painter.text(axis.label(0).count > 5 ? "Nov 28" : "00:00", font: .tick)
        let bottom = sample.height + 10
        var ticks = ValueTicks.linear(painter, minimum: all.min() ?? 0, maximum: all.max() ?? 1, unit: chart.unit,
                                      length: body.height - bottom, vertical: true)
        if ticks.labels.isEmpty { ticks = ValueTicks.linear(painter, minimum: 0, maximum: 1, unit: chart.unit, length: 100, vertical: true) }
        let plot = body.inset(left: ticks.labelWidth + 8, bottom: bottom, right: 4)
        guard plot.width > 10, plot.height > 10 else { return }
        ticks.drawVertical(painter, plot: plot)

        let n = grid.count
        let xOf = { (i: Int) -> Double in n == 1 ? plot.midX : plot.x + Double(i) / Double(n - 1) * plot.width }
        let yOf = { (v: Double) -> Double in plot.maxY - ticks.fraction(v) * plot.height }
        drawDateLabels(axis, painter: painter, plot: plot, bounds: area, xOf: xOf)
        // The bucket still in progress at as-of (the last one, after at least one other).
        let partial = chart.inProgressBucket.flatMap { grid.lastIndex(of: $0) }.flatMap { $0 > 0 && $0 == n - 1 ? $0 : nil }
        recordMarks(grid: grid, values: values, partial: partial, plot: plot, painter: painter, xOf: xOf)

        if isSinglePoint {
            drawSinglePoints(values, colors: colors, painter: painter, xOf: xOf, yOf: yOf, plot: plot)
            return
        }
        // The bucket still in progress at as-of: a light band, its segment dotted, its dot hollow.
        if let p = partial {
            let left = (xOf(p - 1) + xOf(p)) / 2
            painter.fill(ChartRect(x: left, y: plot.y, width: plot.maxX - left + 4, height: plot.height), Theme.axis, alpha: 0.10)
        }
        painter.clipped(to: plot.inset(top: -4, left: -4, bottom: -2, right: -4)) {
            for (s, series) in previous.enumerated() {
                let color = s < colors.count ? colors[s] : Theme.axis
                painter.polyline(series.enumerated().map { i, v in v.map { (xOf(i), yOf($0)) } },
                                 color: color, width: 1.5, dash: [5, 3], alpha: 0.55)
            }
            if values.count == 1, chart.missingAsZero {
                painter.area(values[0].enumerated().map { (xOf($0), yOf($1 ?? 0)) }, baseline: plot.maxY, color: colors[0], alpha: 0.12)
            }
            for (s, series) in values.enumerated() {
                let points = series.enumerated().map { i, v in v.map { (xOf(i), yOf($0)) } }
                guard let p = partial else {
                    painter.polyline(points, color: colors[s], width: 2)
                    continue
                }
                painter.polyline(points.enumerated().map { $0 == p ? nil : $1 }, color: colors[s], width: 2)
                painter.polyline(points.enumerated().map { $0 >= p - 1 ? $1 : nil }, color: colors[s], width: 2, dash: [2, 3])
            }
            for (s, series) in averages.enumerated() {
                painter.polyline(series.enumerated().map { i, v in v.map { (xOf(i), yOf($0)) } },
                                 color: colors[s].mixed(with: Theme.text, 0.35), width: 1.25, dash: [2, 2])
            }
            for (s, series) in values.enumerated() {
                if let last = series.lastIndex(where: { $0 != nil }), let v = series[last] {
                    if last == partial {
                        painter.circle(xOf(last), yOf(v), radius: 3, color: Theme.background, stroke: colors[s])
                    } else {
                        painter.circle(xOf(last), yOf(v), radius: 3, color: colors[s], stroke: Theme.background)
                    }
                }
            }
        }
        if let p = partial {
            let label = painter.text("so far", font: .tick)
            painter.draw(label, x: min(xOf(p), plot.maxX) - 2, y: plot.y + 2, ax: 1, color: Theme.mutedText)
        }
    }

    /// One mark per bucket: the column around it, with every series' value there (as in the
    /// chart's data table).
    private func recordMarks(grid: [Date], values: [[Double?]], partial: Int?, plot: ChartRect, painter: Painter, xOf: (Int) -> Double) {
        let n = grid.count
        let half = n == 1 ? plot.width / 2 : plot.width / Double(n - 1) / 2
        for i in 0..<n {
            let x0 = max(plot.x, xOf(i) - half), x1 = min(plot.maxX, xOf(i) + half)
            let label = chart.bucketLabel(grid[i]) + (i == partial ? " " + ChartDescription.soFar : "")
            painter.mark(.rect(ChartRect(x: x0, y: plot.y, width: x1 - x0, height: plot.height)), label: label,
                         values: chart.series.indices.map { s in
                             (chart.series[s].name, values[s][i].map { ValueFormat.figure($0, unit: chart.unit) } ?? "—")
                         })
        }
    }

    private func drawDateLabels(_ axis: DateAxis, painter: Painter, plot: ChartRect, bounds: ChartRect, xOf: (Int) -> Double) {
        let n = axis.buckets.count
        let spacing = n > 1 ? plot.width / Double(n - 1) : plot.width
        let widest = [axis.label(0), "Sep 30", "00:00"].map { painter.text($0, font: .tick).width }.max() ?? 40
        var guardrail = LabelCollisionGuard()
        for i in axis.tickIndices(spacing: spacing, labelWidth: widest) {
            let block = painter.text(axis.label(i), font: .tick)
            let x = xOf(i)
            painter.line(x, plot.maxY, x, plot.maxY + 4, color: Theme.axis)
            let cx = min(max(x, bounds.x + block.width / 2), bounds.maxX - block.width / 2)
            let box = LabelBox(text: block.text, centerX: cx, centerY: plot.maxY + 8 + block.height / 2,
                               width: block.width, height: block.height, angle: 0)
            if guardrail.admit(box, padding: 8) {
                painter.draw(block, x: cx, y: plot.maxY + 8, ax: 0.5, color: Theme.mutedText, record: true)
            }
        }
    }

    /// One bucket (or one point per series): dots with their values, since a line needs two.
    private func drawSinglePoints(_ values: [[Double?]], colors: [RGB], painter: Painter,
                                  xOf: (Int) -> Double, yOf: (Double) -> Double, plot: ChartRect) {
        for (s, series) in values.enumerated() {
            for (i, v) in series.enumerated() {
                guard let v else { continue }
                let (x, y) = (xOf(i), yOf(v))
                painter.circle(x, y, radius: 5, color: colors[s], stroke: Theme.background)
                let label = painter.text(ValueFormat.figure(v, unit: chart.unit), font: .value)
                painter.draw(label, x: x + 8, y: y, ay: 0.5, color: Theme.text)
            }
        }
        let note = painter.text("Only one data point in this period", font: .value, maxWidth: plot.width)
        painter.draw(note, x: plot.maxX, y: plot.y, ax: 1, color: Theme.mutedText)
    }

    /// Trailing mean over the last `window` known values (`nil` until the window is full).
    static func movingAverage(_ values: [Double?], window: Int) -> [Double?] {
        let w = max(1, window)
        return values.indices.map { i in
            guard i + 1 >= w else { return nil }
            let slice = values[(i + 1 - w)...i].compactMap { $0 }
            return slice.isEmpty ? nil : slice.reduce(0, +) / Double(slice.count)
        }
    }
}
