import Foundation

/// Bars per category, one bar (or one stacked segment) per series.
public struct BarChart: Codable, Sendable, Equatable {
    /// Category labels along the category axis, in drawing order.
    public var categories: [String]
    /// Series; `values[i]` belongs to `categories[i]` (missing values count as 0).
    public var series: [BarSeries]
    /// Bar direction; `.automatic` turns horizontal when labels are long or many.
    public var orientation: BarOrientation
    /// Grouped side by side or stacked.
    public var stacking: BarStacking
    /// The unit of the values.
    public var unit: ValueUnit
    /// Draw each bar's value where it fits.
    public var showValues: Bool
    /// Optional axis titles.
    public var categoryAxisTitle: String?
    public var valueAxisTitle: String?
    /// The index of a category that is a time bucket still in progress at as-of (the last day
    /// of a daily bar chart): its bars are hatched and labelled "so far".
    public var inProgressCategory: Int?

    /// Creates a bar chart.
    public init(
        categories: [String], series: [BarSeries], orientation: BarOrientation = .automatic,
        stacking: BarStacking = .grouped, unit: ValueUnit = .count, showValues: Bool = true,
        categoryAxisTitle: String? = nil, valueAxisTitle: String? = nil, inProgressCategory: Int? = nil
    ) {
        self.categories = categories
        self.series = series
        self.orientation = orientation
        self.stacking = stacking
        self.unit = unit
        self.showValues = showValues
        self.categoryAxisTitle = categoryAxisTitle
        self.valueAxisTitle = valueAxisTitle
        self.inProgressCategory = inProgressCategory
    }
}

/// One named series of bar values.
public struct BarSeries: Codable, Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// Which way bars grow.
public enum BarOrientation: String, Codable, Sendable {
    case vertical, horizontal, automatic
}

/// How several series share a category.
public enum BarStacking: String, Codable, Sendable {
    case grouped, stacked
}
