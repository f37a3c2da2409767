public import Model

/// Everything the four reports need, pre-aggregated by hour slot (and by local day for users).
/// The same structure holds a persisted rollup's rows, a chunk of new events being folded, the
/// raw events at a window's edges, and a filtered direct query — so every path computes figures
/// with the same code, and merging is exact (integer sums, min/max, sketch bucket counts).
public struct Aggregates: Sendable {
    public var types: [TypeKey: TypeCount] = [:]
    /// By hour slot, whatever the tier of `types` (reports break these down by local hour).
    public var hours: [Int64: HourCount] = [:]
    public var timings: [TimingKey: TimingAggregate] = [:]
    public var dimensions: [DimensionKey: Int64] = [:]
    public var models: [ModelKey: ModelAggregate] = [:]
    public var errors: [ErrorKey: Int64] = [:]
    public var messages: [MessageKey: Int64] = [:]
    /// Each user's activity per local day (a user's first event time is the least `first` of
    /// their days, so it is not kept apart: one hash per event, not two).
    public var userDays: [UserDayKey: UserActivity] = [:]

    public init() {}

    public var isEmpty: Bool { types.isEmpty }

    /// Adds one event. `slot` is its local hour start and `day` its local date. `slots` folds
    /// the hour-slot families, `users` the per-user ones (window edges fold them separately).
    public mutating func fold(_ event: FoldedEvent, role: EventRole, slot: Int64, day: Int, slots: Bool = true, users: Bool = true) {
        if users, let user = event.userId { addUserEvent(user, at: event.timestamp, day: day) }
        guard slots else { return }
        types[TypeKey(slot: slot, eventType: event.eventType, serviceName: event.serviceName), default: TypeCount()]
            .add(hasUser: event.userId != nil)
        if role == .processed || role == .error || event.userId != nil {
            var hour = HourCount()
            if role == .processed { hour.processed = 1 } else if role == .error { hour.errors = 1 }
            if event.userId != nil { hour.withUser = 1 }
            hours[slot, default: HourCount()].merge(hour)
        }
        let fields = event.fields
        switch role {
        case .processed, .error:
            let service = role == .error ? (fields.service ?? event.serviceName) : event.serviceName
            dimensions[DimensionKey(slot: slot, role: role, dimension: .service, value: service), default: 0] += 1
            dimensions[DimensionKey(slot: slot, role: role, dimension: .deviceType, value: fields.deviceType), default: 0] += 1
            let band = fields.fileSizeMb.map(Dimension.band)
            dimensions[DimensionKey(slot: slot, role: role, dimension: .fileSizeBand, value: band), default: 0] += 1
            if role == .processed, let time = fields.processingTimeMs {
                timings[TimingKey(slot: slot, serviceName: event.serviceName), default: TimingAggregate()].add(time)
            }
            if role == .error {
                errors[ErrorKey(slot: slot, errorType: fields.errorType, service: service), default: 0] += 1
                if let message = fields.errorMessage {
                    messages[MessageKey(slot: slot, message: MessageNormalizer.normalize(message)), default: 0] += 1
                }
            }
        case .modelGenerated:
            var model = ModelAggregate()
            model.events = 1
            if let parameters = fields.parametersExtracted {
                model.parameterCount = 1
                model.parameterSumMicros = Int64((parameters * 1_000_000).rounded())
                model.parameterMax = parameters
            }
            models[ModelKey(slot: slot, deviceType: fields.deviceType, complexity: fields.modelComplexity), default: ModelAggregate()]
                .merge(model)
        case .other:
            break
        }
    }

    /// Adds one event of `user` at `time` (on local day `day`) to the per-user families.
    mutating func addUserEvent(_ user: String, at time: Int64, day: Int) {
        userDays[UserDayKey(day: day, userId: user), default: UserActivity()].add(time)
    }

    /// Adds another set of aggregates (exact: the result does not depend on the order).
    public mutating func merge(_ other: Aggregates) {
        for (key, value) in other.types { types[key, default: TypeCount()].merge(value) }
        for (slot, value) in other.hours { hours[slot, default: HourCount()].merge(value) }
        for (key, value) in other.timings { timings[key, default: TimingAggregate()].merge(value) }
        for (key, value) in other.dimensions { dimensions[key, default: 0] += value }
        for (key, value) in other.models { models[key, default: ModelAggregate()].merge(value) }
        for (key, value) in other.errors { errors[key, default: 0] += value }
        for (key, value) in other.messages { messages[key, default: 0] += value }
        for (key, value) in other.userDays { userDays[key, default: UserActivity()].merge(value) }
    }
}

extension Aggregates {
    /// Empties the slot families not in `families`.
    mutating func keep(_ families: RollupFamilies) {
        if !families.contains(.types) { types = [:] }
        if !families.contains(.hours) { hours = [:] }
        if !families.contains(.timings) { timings = [:] }
        if !families.contains(.dimensions) { dimensions = [:] }
        if !families.contains(.models) { models = [:] }
        if !families.contains(.errors) {
            errors = [:]
            messages = [:]
        }
    }

    /// Merges the timings of every slot into one per service (key slot 0).
    mutating func collapseTimingSlots() {
        guard timings.keys.contains(where: { $0.slot != 0 }) else { return }
        var collapsed: [TimingKey: TimingAggregate] = [:]
        for (key, value) in timings { collapsed[TimingKey(slot: 0, serviceName: key.serviceName), default: TimingAggregate()].merge(value) }
        timings = collapsed
    }
}

extension Aggregates {
    /// The daily tier of these hourly aggregates: the families of ``RollupTier/daily`` with each
    /// slot replaced by the UTC start of its local day in `calendar`.
    func dailyTier(_ calendar: ZoneCalendar) -> Aggregates {
        var dayStarts: [Int64: Int64] = [:]
        func day(_ slot: Int64) -> Int64 {
            if let known = dayStarts[slot] { return known }
            let start = calendar.startOfDay(calendar.localDay(slot, offset: calendar.offset(at: slot)))
            dayStarts[slot] = start
            return start
        }
        var daily = Aggregates()
        for (key, value) in types {
            daily.types[TypeKey(slot: day(key.slot), eventType: key.eventType, serviceName: key.serviceName), default: TypeCount()].merge(value)
        }
        for (key, value) in timings { daily.timings[TimingKey(slot: day(key.slot), serviceName: key.serviceName), default: TimingAggregate()].merge(value) }
        for (key, value) in dimensions {
            daily.dimensions[DimensionKey(slot: day(key.slot), role: key.role, dimension: key.dimension, value: key.value), default: 0] += value
        }
        for (key, value) in models {
            daily.models[ModelKey(slot: day(key.slot), deviceType: key.deviceType, complexity: key.complexity), default: ModelAggregate()].merge(value)
        }
        for (key, value) in errors { daily.errors[ErrorKey(slot: day(key.slot), errorType: key.errorType, service: key.service), default: 0] += value }
        for (key, value) in messages { daily.messages[MessageKey(slot: day(key.slot), message: key.message), default: 0] += value }
        return daily
    }

    /// Every slot a row of the daily-tier families is keyed by.
    var dailyTierSlots: Set<Int64> {
        Set(types.keys.map(\.slot)).union(timings.keys.map(\.slot)).union(dimensions.keys.map(\.slot)).union(models.keys.map(\.slot))
            .union(errors.keys.map(\.slot)).union(messages.keys.map(\.slot))
    }
}

extension TypeCount {
    mutating func add(hasUser: Bool) {
        events += 1
        if hasUser { withUser += 1 }
    }

    mutating func merge(_ other: TypeCount) {
        events += other.events
        withUser += other.withUser
    }
}

/// The columns of an event that folding reads.
public struct FoldedEvent: Sendable {
    public var timestamp: Int64
    public var eventType: String
    public var serviceName: String?
    public var userId: String?
    public var fields: EventFields

    public init(_ event: TrackedEvent) {
        timestamp = event.timestamp
        eventType = event.eventType
        serviceName = event.serviceName
        userId = event.userId
        fields = event.fields
    }

    init(timestamp: Int64, eventType: String, serviceName: String?, userId: String?, fields: EventFields) {
        self.timestamp = timestamp
        self.eventType = eventType
        self.serviceName = serviceName
        self.userId = userId
        self.fields = fields
    }
}
