import Foundation

/// Shares of a whole: a pie or a donut with percentage labels.
public struct PieChart: Codable, Sendable, Equatable {
    /// The slices; zero and negative values are left out.
    public var slices: [PieSlice]
    /// A ring with the total in the middle, or a full pie.
    public var donut: Bool
    /// Slices below this share (in percent) are grouped into one "Other" slice.
    public var otherThresholdPercent: Double
    /// The unit of the values (for the total and the data table).
    public var unit: ValueUnit

    /// Creates a pie chart.
    public init(slices: [PieSlice], donut: Bool = true, otherThresholdPercent: Double = 2, unit: ValueUnit = .count) {
        self.slices = slices
        self.donut = donut
        self.otherThresholdPercent = otherThresholdPercent
        self.unit = unit
    }

    /// The slices as drawn: positive ones sorted by value (descending, then label), those under
    /// the threshold merged into "Other" (last) when that groups at least two of them.
    public var drawnSlices: [PieSlice] {
        let positive = slices.filter { $0.value > 0 && $0.value.isFinite }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.label < $1.label }
        let total = positive.reduce(0) { $0 + $1.value }
        guard total > 0 else { return [] }
        let small = positive.filter { $0.value / total * 100 < otherThresholdPercent }
        guard small.count >= 2 else { return positive }
        let big = positive.filter { $0.value / total * 100 >= otherThresholdPercent }
        return big + [PieSlice(label: PieSlice.otherLabel, value: small.reduce(0) { $0 + $1.value })]
    }
}

/// One labelled share.
public struct PieSlice: Codable, Sendable, Equatable {
    /// The label of the merged small slices.
    public static let otherLabel = "Other"

    public var label: String
    public var value: Double

    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}
