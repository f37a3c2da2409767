import Foundation

/// One or more dials in a row (the `performance_metrics` view is four of them).
public struct GaugeChart: Codable, Sendable, Equatable {
    public var gauges: [Gauge]

    public init(gauges: [Gauge]) {
        self.gauges = gauges
    }
}

/// A dial: a value between min and max, coloured warn/critical bands, a target marker.
public struct Gauge: Codable, Sendable, Equatable {
    /// What the dial measures, drawn under it.
    public var label: String
    /// The figure; `nil` is drawn as "—" (e.g. a success rate with no events).
    public var value: Double?
    public var minimum: Double
    public var maximum: Double
    public var unit: ValueUnit
    /// Where the warning band starts.
    public var warning: Double?
    /// Where the critical band starts.
    public var critical: Double?
    /// A marker on the scale, e.g. the SLO.
    public var target: Double?
    /// True for figures like a success rate: the bands then lie below the thresholds.
    public var higherIsBetter: Bool

    /// Creates a gauge.
    public init(
        label: String, value: Double?, minimum: Double = 0, maximum: Double, unit: ValueUnit = .plain,
        warning: Double? = nil, critical: Double? = nil, target: Double? = nil, higherIsBetter: Bool = false
    ) {
        self.label = label
        self.value = value
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit
        self.warning = warning
        self.critical = critical
        self.target = target
        self.higherIsBetter = higherIsBetter
    }

    /// The status of the value against the thresholds.
    public var status: GaugeStatus {
        guard let value else { return .unknown }
        func beyond(_ limit: Double?) -> Bool {
            guard let limit else { return false }
            return higherIsBetter ? value < limit : value > limit
        }
        if beyond(critical) { return .critical }
        if beyond(warning) { return .warning }
        return .ok
    }
}

/// Where a gauge's value stands.
public enum GaugeStatus: String, Codable, Sendable {
    case ok, warning, critical, unknown
}
