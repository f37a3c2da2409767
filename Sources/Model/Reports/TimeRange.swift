/// A report's time range (SPEC §3): a preset of N days before `as_of`, everything, or explicit
/// bounds. Every window is half-open, `[start, end)`.
public enum TimeRange: Sendable, Hashable, CustomStringConvertible {
    case days(Int)
    case all
    /// Explicit `[from, to)`, UTC epoch milliseconds.
    case explicit(from: Int64, to: Int64)

    public static let presets: [String] = ["1d", "7d", "30d", "90d", "all"]

    /// Parses `1d`, `7d`, `30d`, `90d`, `all` (and any `Nd` from 1 to 3650).
    public static func parse(_ text: String) throws(ReportRequestError) -> TimeRange {
        if text == "all" { return .all }
        if text.hasSuffix("d"), let days = Int(text.dropLast()), (1...3650).contains(days) { return .days(days) }
        throw ReportRequestError(
            field: "time_range", message: "unknown time range \"\(text)\" (valid: 1d, 7d, 30d, 90d, all)")
    }

    /// `7d`, `all`, or `custom`.
    public var description: String {
        switch self {
        case .days(let days): "\(days)d"
        case .all: "all"
        case .explicit: "custom"
        }
    }

    /// Hourly buckets for 1d, daily otherwise.
    public var isHourly: Bool {
        if case .days(1) = self { return true }
        if case .explicit(let from, let to) = self { return to - from <= 86_400_000 }
        return false
    }

    /// The window for this range at `asOf`; `earliest` is the first stored event (for `all`).
    public func window(asOf: Int64, earliest: Int64?) -> TimeWindow {
        switch self {
        case .days(let days): TimeWindow(start: asOf - Int64(days) * 86_400_000, end: asOf)
        case .all: TimeWindow(start: min(earliest ?? asOf, asOf), end: asOf)
        case .explicit(let from, let to): TimeWindow(start: from, end: to)
        }
    }
}

/// A half-open interval of UTC epoch milliseconds.
public struct TimeWindow: Sendable, Hashable, Codable {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public var length: Int64 { end - start }
    public var isEmpty: Bool { end <= start }

    public func contains(_ ms: Int64) -> Bool { ms >= start && ms < end }

    /// The window of the same length just before this one, `back` lengths back.
    public func previous(_ back: Int64 = 1) -> TimeWindow {
        TimeWindow(start: start - back * length, end: start - (back - 1) * length)
    }
}
