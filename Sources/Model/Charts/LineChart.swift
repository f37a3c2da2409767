public import Foundation

/// A time-series chart: one line per series over a date axis of hourly or daily buckets.
public struct LineChart: Codable, Sendable, Equatable {
    /// The bucket size of the date axis.
    public var bucket: TimeBucket
    /// First bucket start (inclusive). `nil`: the earliest point.
    public var start: Date?
    /// End of the period (exclusive). `nil`: one bucket after the latest point.
    public var end: Date?
    /// IANA time zone the buckets and axis labels are aligned to.
    public var timeZone: String
    /// The series, drawn in this order; colours come from their names.
    public var series: [LineSeries]
    /// The same series over the previous period, dated in that period; drawn dashed and shifted
    /// onto the current axis by the period length.
    public var previousPeriod: [LineSeries]
    /// The unit of the values.
    public var unit: ValueUnit
    /// Buckets without a point are drawn as 0 (counts); otherwise the line is broken there.
    public var missingAsZero: Bool
    /// When set, a trailing moving average over this many buckets is drawn for each series.
    public var movingAverageWindow: Int?
    /// Optional value-axis title.
    public var valueAxisTitle: String?
    /// The period ends at the report's as-of: its last bucket, when ``end`` cuts it, is still in
    /// progress and is drawn apart (dashed, labelled "so far"). See ``inProgressBucket``.
    public var inProgress: Bool?

    /// Creates a line chart.
    public init(
        bucket: TimeBucket, start: Date? = nil, end: Date? = nil, timeZone: String = "UTC",
        series: [LineSeries], previousPeriod: [LineSeries] = [], unit: ValueUnit = .count,
        missingAsZero: Bool = true, movingAverageWindow: Int? = nil, valueAxisTitle: String? = nil, inProgress: Bool = false
    ) {
        self.bucket = bucket
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.series = series
        self.previousPeriod = previousPeriod
        self.unit = unit
        self.missingAsZero = missingAsZero
        self.movingAverageWindow = movingAverageWindow
        self.valueAxisTitle = valueAxisTitle
        self.inProgress = inProgress ? true : nil
    }
}

/// The bucket size of a date axis.
public enum TimeBucket: String, Codable, Sendable {
    case hour
    case day

    /// The bucket length in seconds (a day is 24 h except across DST changes).
    public var nominalSeconds: TimeInterval { self == .hour ? 3600 : 86400 }
}

/// One named line.
public struct LineSeries: Codable, Sendable, Equatable {
    public var name: String
    public var points: [DatedValue]

    public init(name: String, points: [DatedValue]) {
        self.name = name
        self.points = points
    }
}

/// A value at a point in time (the start of its bucket).
public struct DatedValue: Codable, Sendable, Equatable {
    public var date: Date
    public var value: Double

    public init(date: Date, value: Double) {
        self.date = date
        self.value = value
    }
}
