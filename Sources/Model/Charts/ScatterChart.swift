import Foundation

/// Points in the plane, e.g. file size against processing time.
public struct ScatterChart: Codable, Sendable, Equatable {
    public var series: [ScatterSeries]
    public var xAxis: ValueAxis
    public var yAxis: ValueAxis
    /// Point opacity 0…1; `nil` chooses one from the number of points (dense clouds get lighter).
    public var pointAlpha: Double?

    /// Creates a scatter chart.
    public init(series: [ScatterSeries], xAxis: ValueAxis, yAxis: ValueAxis, pointAlpha: Double? = nil) {
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.pointAlpha = pointAlpha
    }
}

/// A numeric axis.
public struct ValueAxis: Codable, Sendable, Equatable {
    public var title: String?
    public var unit: ValueUnit
    /// Logarithmic (base 10); values ≤ 0 are then left out.
    public var logarithmic: Bool

    public init(title: String? = nil, unit: ValueUnit = .plain, logarithmic: Bool = false) {
        self.title = title
        self.unit = unit
        self.logarithmic = logarithmic
    }
}

/// One named cloud of points.
public struct ScatterSeries: Codable, Sendable, Equatable {
    public var name: String
    public var points: [ScatterPoint]

    public init(name: String, points: [ScatterPoint]) {
        self.name = name
        self.points = points
    }
}

/// An (x, y) pair.
public struct ScatterPoint: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
