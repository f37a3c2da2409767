import Foundation

/// A grid of values coloured by magnitude, e.g. weekday × hour activity.
public struct HeatmapChart: Codable, Sendable, Equatable {
    /// Row labels, top to bottom.
    public var rowLabels: [String]
    /// Column labels, left to right.
    public var columnLabels: [String]
    /// `values[row][column]`; missing cells count as 0.
    public var values: [[Double]]
    public var unit: ValueUnit

    /// Creates a heatmap.
    public init(rowLabels: [String], columnLabels: [String], values: [[Double]], unit: ValueUnit = .count) {
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.unit = unit
    }

    /// A weekday (Monday first) × hour (0–23) grid, as `peak_usage.matrix` gives it.
    public static func weekdayHour(_ matrix: [[Double]], unit: ValueUnit = .count) -> HeatmapChart {
        HeatmapChart(
            rowLabels: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            columnLabels: (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" },
            values: matrix, unit: unit)
    }
}

/// A small trend line for KPI tiles: no axes, the last value marked.
public struct SparklineChart: Codable, Sendable, Equatable {
    public var values: [Double]
    public var unit: ValueUnit
    /// Name used for the colour and the alt text.
    public var seriesName: String

    /// Creates a sparkline.
    public init(values: [Double], unit: ValueUnit = .count, seriesName: String = "value") {
        self.values = values
        self.unit = unit
        self.seriesName = seriesName
    }
}
