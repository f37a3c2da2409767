public import Model

/// Keys and values of the rollup families. A slot is the UTC start of a local hour in the
/// configured zone; a day is a local date (days since 1970-01-01).
/// Texts in these keys are equal when their UTF-8 bytes are, as in SQL's `GROUP BY` (``UTF8Key``):
/// a synthesized `Hashable` would hold canonically equivalent spellings (a composed `é` and `e` +
/// U+0301) to be one row where `sqlite3` counts two.
public struct TypeKey: Sendable, Hashable {
    public var slot: Int64
    public var eventType: String
    public var serviceName: String?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.slot == rhs.slot && UTF8Key.same(lhs.eventType, rhs.eventType) && UTF8Key.same(lhs.serviceName, rhs.serviceName)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slot)
        UTF8Key.hash(eventType, into: &hasher)
        UTF8Key.hash(serviceName, into: &hasher)
    }
}

public struct TypeCount: Sendable, Hashable {
    public var events: Int64 = 0
    /// Events that carry a user_id.
    public var withUser: Int64 = 0

    public init(events: Int64 = 0, withUser: Int64 = 0) {
        self.events = events
        self.withUser = withUser
    }
}

/// Events of one local hour by what the reports break down by hour of day: processed and error
/// events (by role) and events that carry a user_id.
public struct HourCount: Sendable, Hashable {
    public var processed: Int64 = 0
    public var errors: Int64 = 0
    public var withUser: Int64 = 0

    public init(processed: Int64 = 0, errors: Int64 = 0, withUser: Int64 = 0) {
        self.processed = processed
        self.errors = errors
        self.withUser = withUser
    }

    mutating func merge(_ other: HourCount) {
        processed += other.processed
        errors += other.errors
        withUser += other.withUser
    }
}

public struct TimingKey: Sendable, Hashable {
    public var slot: Int64
    public var serviceName: String?

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.slot == rhs.slot && UTF8Key.same(lhs.serviceName, rhs.serviceName) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slot)
        UTF8Key.hash(serviceName, into: &hasher)
    }
}

/// `processing_time_ms` of processed events: exact count, sum (in micro-milliseconds, so sums
/// are exact integers), min, max, and a sketch for percentiles.
public struct TimingAggregate: Sendable, Hashable {
    public var count: Int64 = 0
    public var sumMicros: Int64 = 0
    public var min = Double.infinity
    public var max = -Double.infinity
    public var sketch = QuantileSketch()

    public init() {}

    init(count: Int64, sumMicros: Int64, min: Double, max: Double, sketch: QuantileSketch) {
        self.count = count
        self.sumMicros = sumMicros
        self.min = min
        self.max = max
        self.sketch = sketch
    }

    public mutating func add(_ value: Double) {
        count += 1
        sumMicros += Int64((value * 1_000_000).rounded())
        min = Swift.min(min, value)
        max = Swift.max(max, value)
        sketch.add(value)
    }

    public mutating func merge(_ other: TimingAggregate) {
        count += other.count
        sumMicros += other.sumMicros
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        sketch.merge(other.sketch)
    }
}

/// The dimensions root-cause analysis splits attempts by (hour comes from the slot).
public enum Dimension: Int, Sendable, Hashable, CaseIterable {
    case service = 0, deviceType = 1, fileSizeBand = 2

    public var name: String {
        switch self {
        case .service: "service"
        case .deviceType: "device_type"
        case .fileSizeBand: "file_size_band"
        }
    }

    /// `<1`, `1-10`, `10-50`, `>=50` (MB).
    public static func band(_ megabytes: Double) -> String {
        if megabytes < 1 { return "<1" }
        if megabytes < 10 { return "1-10" }
        if megabytes < 50 { return "10-50" }
        return ">=50"
    }
}

public struct DimensionKey: Sendable, Hashable {
    public var slot: Int64
    /// `.processed` or `.error`.
    public var role: EventRole
    public var dimension: Dimension
    public var value: String?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.slot == rhs.slot && lhs.role == rhs.role && lhs.dimension == rhs.dimension && UTF8Key.same(lhs.value, rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slot)
        hasher.combine(role)
        hasher.combine(dimension)
        UTF8Key.hash(value, into: &hasher)
    }
}

public struct ModelKey: Sendable, Hashable {
    public var slot: Int64
    public var deviceType: String?
    public var complexity: String?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.slot == rhs.slot && UTF8Key.same(lhs.deviceType, rhs.deviceType) && UTF8Key.same(lhs.complexity, rhs.complexity)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slot)
        UTF8Key.hash(deviceType, into: &hasher)
        UTF8Key.hash(complexity, into: &hasher)
    }
}

public struct ModelAggregate: Sendable, Hashable {
    public var events: Int64 = 0
    public var parameterCount: Int64 = 0
    public var parameterSumMicros: Int64 = 0
    public var parameterMax = -Double.infinity

    public init(events: Int64 = 0, parameterCount: Int64 = 0, parameterSumMicros: Int64 = 0, parameterMax: Double = -.infinity) {
        self.events = events
        self.parameterCount = parameterCount
        self.parameterSumMicros = parameterSumMicros
        self.parameterMax = parameterMax
    }

    public mutating func merge(_ other: ModelAggregate) {
        events += other.events
        parameterCount += other.parameterCount
        parameterSumMicros += other.parameterSumMicros
        parameterMax = Swift.max(parameterMax, other.parameterMax)
    }
}

public struct ErrorKey: Sendable, Hashable {
    public var slot: Int64
    public var errorType: String?
    /// `event_data.service`, falling back to the event's service_name.
    public var service: String?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.slot == rhs.slot && UTF8Key.same(lhs.errorType, rhs.errorType) && UTF8Key.same(lhs.service, rhs.service)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slot)
        UTF8Key.hash(errorType, into: &hasher)
        UTF8Key.hash(service, into: &hasher)
    }
}

public struct MessageKey: Sendable, Hashable {
    public var slot: Int64
    /// Normalised (``MessageNormalizer``).
    public var message: String

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.slot == rhs.slot && UTF8Key.same(lhs.message, rhs.message) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(slot)
        UTF8Key.hash(message, into: &hasher)
    }
}

/// A user's local day. Ids are equal when their UTF-8 bytes are, as SQLite compares them: a
/// `String` holds canonically equivalent texts equal, and a composed `é` and a decomposed
/// `e` + U+0301 would otherwise be one user here and two in `count(DISTINCT user_id)`.
public struct UserDayKey: Sendable, Hashable {
    public var day: Int
    public var userId: String

    public static func == (lhs: UserDayKey, rhs: UserDayKey) -> Bool {
        lhs.day == rhs.day && UTF8Key.same(lhs.userId, rhs.userId)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(day)
        UTF8Key.hash(userId, into: &hasher)
    }
}

/// Events of one user in a slot or day, with the first and last event time.
public struct UserActivity: Sendable, Hashable {
    public var events: Int64 = 0
    public var first = Int64.max
    public var last = Int64.min

    public init(events: Int64 = 0, first: Int64 = .max, last: Int64 = .min) {
        self.events = events
        self.first = first
        self.last = last
    }

    public mutating func add(_ ms: Int64) {
        events += 1
        first = Swift.min(first, ms)
        last = Swift.max(last, ms)
    }

    public mutating func merge(_ other: UserActivity) {
        events += other.events
        first = Swift.min(first, other.first)
        last = Swift.max(last, other.last)
    }
}
