import Foundation

/// A chart's numbers as a table, for the HTML page to show beside the image (and for screen
/// readers). Cells are already formatted; `caption` repeats the chart title.
public struct ChartDataTable: Codable, Sendable, Equatable {
    public var caption: String
    public var columns: [String]
    public var rows: [[String]]

    public init(caption: String, columns: [String], rows: [[String]]) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}

extension ChartDescription {
    /// A one-paragraph description of what the chart shows, for the `alt` attribute.
    public var altText: String {
        let head = title + (subtitle.map { " (\($0))" } ?? "") + ": "
        if content.isEmpty { return head + "no data for this period." }
        switch content {
        case .line(let c):
            let totals = c.series.map { s in (s.name, s.points.reduce(0) { $0 + $1.value }) }
            let grid = c.buckets
            let span = grid.first.map { c.bucketLabel($0) + " to " + c.bucketLabel(grid.last ?? $0) } ?? ""
            return head + "line chart of \(c.series.count) series per \(c.bucket.rawValue) from \(span); totals: "
                + totals.map { "\($0.0) \(ValueFormat.figure($0.1, unit: c.unit))" }.joined(separator: ", ") + "."
        case .bar(let c):
            let totals = c.categories.indices.map { i in c.series.reduce(0) { $0 + (i < $1.values.count ? $1.values[i] : 0) } }
            let top = zip(c.categories, totals).max { $0.1 < $1.1 }
            return head + "bar chart of \(c.categories.count) categories"
                + (c.series.count > 1 ? " by \(c.series.count) series" : "")
                + (top.map { "; largest: \($0.0) with \(ValueFormat.figure($0.1, unit: c.unit))" } ?? "") + "."
        case .pie(let c):
            let slices = c.drawnSlices
            let total = slices.reduce(0) { $0 + $1.value }
            return head + (c.donut ? "donut" : "pie") + " chart of \(ValueFormat.figure(total, unit: c.unit)) in total: "
                + slices.map { "\($0.label) \(ValueFormat.share($0.value / total))" }.joined(separator: ", ") + "."
        case .scatter(let c):
            let n = c.series.reduce(0) { $0 + $1.points.count }
            return head + "scatter plot of \(ValueFormat.figure(Double(n), unit: .count)) points, "
                + "\(c.xAxis.title ?? "x") against \(c.yAxis.title ?? "y")."
        case .gauge(let c):
            return head + c.gauges.map { g in
                "\(g.label) \(g.value.map { ValueFormat.figure($0, unit: g.unit) } ?? "no value") (\(g.status.rawValue))"
            }.joined(separator: "; ") + "."
        case .heatmap(let c):
            var best = (0, 0, -Double.infinity)
            for (r, row) in c.values.enumerated() { for (col, v) in row.enumerated() where v > best.2 { best = (r, col, v) } }
            let where_ = best.0 < c.rowLabels.count && best.1 < c.columnLabels.count
                ? "\(c.rowLabels[best.0]) \(c.columnLabels[best.1])" : "?"
            return head + "heatmap of \(c.rowLabels.count) × \(c.columnLabels.count) cells; peak \(where_) with "
                + ValueFormat.figure(best.2, unit: c.unit) + "."
        case .sparkline(let c):
            return head + "trend of \(c.values.count) values from \(ValueFormat.figure(c.values.first ?? 0, unit: c.unit)) to "
                + ValueFormat.figure(c.values.last ?? 0, unit: c.unit) + "."
        }
    }

    /// The numbers behind the chart, one row per bucket / category / slice / point / gauge.
    public var dataTable: ChartDataTable {
        var columns: [String] = []
        var rows: [[String]] = []
        switch content {
        case .line(let c):
            let grid = c.buckets
            columns = [c.bucket == .day ? "Date" : "Hour"] + c.series.map(\.name)
            let values = c.series.map { c.values(of: $0, on: grid) }
            let partial = c.inProgressBucket
            rows = grid.indices.map { i in
                [c.bucketLabel(grid[i]) + (grid[i] == partial ? " " + ChartDescription.soFar : "")]
                    + values.map { $0[i].map { ValueFormat.figure($0, unit: c.unit) } ?? "—" }
            }
        case .bar(let c):
            columns = [c.categoryAxisTitle ?? "Category"] + c.series.map(\.name)
            rows = c.categories.indices.map { i in
                [c.categories[i] + (i == c.inProgressCategory ? " " + ChartDescription.soFar : "")] + c.series.map { ValueFormat.figure(i < $0.values.count ? $0.values[i] : 0, unit: c.unit) }
            }
        case .pie(let c):
            let slices = c.drawnSlices
            let total = slices.reduce(0) { $0 + $1.value }
            columns = ["Name", "Value", "Share"]
            rows = slices.map { [$0.label, ValueFormat.figure($0.value, unit: c.unit), ValueFormat.share($0.value / total)] }
        case .scatter(let c):
            columns = ["Series", c.xAxis.title ?? "x", c.yAxis.title ?? "y"]
            rows = c.series.flatMap { s in
                s.points.map { [s.name, ValueFormat.figure($0.x, unit: c.xAxis.unit), ValueFormat.figure($0.y, unit: c.yAxis.unit)] }
            }
        case .gauge(let c):
            columns = ["Metric", "Value", "Warning", "Critical", "Target", "Status"]
            rows = c.gauges.map { g in
                let f = { (v: Double?) in v.map { ValueFormat.figure($0, unit: g.unit) } ?? "—" }
                return [g.label, f(g.value), f(g.warning), f(g.critical), f(g.target), g.status.rawValue]
            }
        case .heatmap(let c):
            columns = [""] + c.columnLabels
            rows = c.rowLabels.indices.map { r in
                [c.rowLabels[r]] + c.columnLabels.indices.map { col in
                    let row = r < c.values.count ? c.values[r] : []
                    return ValueFormat.figure(col < row.count ? row[col] : 0, unit: c.unit)
                }
            }
        case .sparkline(let c):
            columns = ["#", c.seriesName]
            rows = c.values.indices.map { ["\($0 + 1)", ValueFormat.figure(c.values[$0], unit: c.unit)] }
        }
        return ChartDataTable(caption: title, columns: columns, rows: rows)
    }
}

extension ChartDescription {
    /// How a bucket still in progress at as-of is marked in tables: `2026-11-28 (so far)`.
    public static let soFar = "(so far)"

    /// The names that get a series colour (series, slices), for building one palette per build.
    public var seriesNames: [String] {
        switch content {
        case .line(let c): c.series.map(\.name)
        case .bar(let c): c.series.map(\.name)
        case .pie(let c): c.drawnSlices.map(\.label)
        case .scatter(let c): c.series.map(\.name)
        case .sparkline(let c): [c.seriesName]
        case .gauge, .heatmap: []
        }
    }
}
