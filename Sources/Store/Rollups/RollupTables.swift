internal import GRDB
internal import Foundation

/// Reading and writing each rollup family. `condition` selects rows by `slot` (or `day` for user
/// days), e.g. `slot >= ? AND slot < ?` or `slot IN (SELECT slot FROM temp.ru_affected)`.
enum RollupTables {
    static let slotTables = ["ru_types", "ru_hours", "ru_timings", "ru_dimensions", "ru_models", "ru_errors", "ru_messages"]
    static let dayTables = ["rd_types", "rd_timings", "rd_dimensions", "rd_models", "rd_errors", "rd_messages"]

    /// With `timingsBySlot` false, timings are merged per service over all the slots read (key
    /// slot 0): a window's reports need no more, and a 90-day window would otherwise hold
    /// thousands of sketches.
    static func load(
        _ families: RollupFamilies, _ db: Database, slots condition: String, _ arguments: StatementArguments,
        into aggregates: inout Aggregates, timingsBySlot: Bool = true, tier: RollupTier = .hourly, target: RollupTarget = .live
    ) throws {
        let families = families.intersection(tier.families)
        let p = target.prefix(tier)
        if families.contains(.types) {
            try RawRow.each(db, "SELECT \(Columns.types) FROM \(p)types WHERE \(condition)", arguments) { add(type: $0, to: &aggregates) }
        }
        if families.contains(.hours) {
            try RawRow.each(db, "SELECT \(Columns.hours) FROM \(target.table("ru_hours")) WHERE \(condition)", arguments) { add(hour: $0, to: &aggregates) }
        }
        if families.contains(.timings) {
            try RawRow.each(db, "SELECT \(Columns.timings) FROM \(p)timings WHERE \(condition)", arguments) {
                add(timing: $0, to: &aggregates, bySlot: timingsBySlot)
            }
        }
        if families.contains(.dimensions) {
            try RawRow.each(db, "SELECT \(Columns.dimensions) FROM \(p)dimensions WHERE \(condition)", arguments) {
                add(dimension: $0, to: &aggregates)
            }
        }
        if families.contains(.models) {
            try RawRow.each(db, "SELECT \(Columns.models) FROM \(p)models WHERE \(condition)", arguments) { add(model: $0, to: &aggregates) }
        }
        if families.contains(.errors) {
            try RawRow.each(db, "SELECT \(Columns.errors) FROM \(p)errors WHERE \(condition)", arguments) { add(error: $0, to: &aggregates) }
            try RawRow.each(db, "SELECT \(Columns.messages) FROM \(p)messages WHERE \(condition)", arguments) {
                add(message: $0, to: &aggregates)
            }
        }
    }

    /// The columns each family's rows are read with, in the order the `add` functions take them.
    enum Columns {
        static let types = "slot, event_type, service_name, events, with_user"
        static let hours = "slot, processed, errors, with_user"
        static let timings = "slot, service_name, count, sum_micros, min, max, sketch"
        static let dimensions = "slot, role, dimension, value, events"
        static let models = "slot, device_type, complexity, events, parameter_count, parameter_sum_micros, parameter_max"
        static let errors = "slot, error_type, service, events"
        static let messages = "slot, message, events"
    }

    static func add(type row: RawRow, to aggregates: inout Aggregates) {
        aggregates.types[TypeKey(slot: row.int64(0), eventType: row.text(1) ?? "", serviceName: row.text(2)), default: TypeCount()]
            .merge(TypeCount(events: row.int64(3), withUser: row.int64(4)))
    }

    static func add(hour row: RawRow, to aggregates: inout Aggregates) {
        aggregates.hours[row.int64(0), default: HourCount()].merge(HourCount(processed: row.int64(1), errors: row.int64(2), withUser: row.int64(3)))
    }

    static func add(timing row: RawRow, to aggregates: inout Aggregates, bySlot: Bool = true) {
        let value = TimingAggregate(
            count: row.int64(2), sumMicros: row.int64(3), min: row.double(4), max: row.double(5), sketch: QuantileSketch(encoded: row.blob(6)))
        aggregates.timings[TimingKey(slot: bySlot ? row.int64(0) : 0, serviceName: row.text(1)), default: TimingAggregate()].merge(value)
    }

    static func add(dimension row: RawRow, to aggregates: inout Aggregates) {
        let key = DimensionKey(
            slot: row.int64(0), role: EventRoleCode.decode(row.int(1)), dimension: Dimension(rawValue: row.int(2)) ?? .service, value: row.text(3))
        aggregates.dimensions[key, default: 0] += row.int64(4)
    }

    static func add(model row: RawRow, to aggregates: inout Aggregates) {
        let value = ModelAggregate(events: row.int64(3), parameterCount: row.int64(4), parameterSumMicros: row.int64(5), parameterMax: row.double(6))
        aggregates.models[ModelKey(slot: row.int64(0), deviceType: row.text(1), complexity: row.text(2)), default: ModelAggregate()].merge(value)
    }

    static func add(error row: RawRow, to aggregates: inout Aggregates) {
        aggregates.errors[ErrorKey(slot: row.int64(0), errorType: row.text(1), service: row.text(2)), default: 0] += row.int64(3)
    }

    static func add(message row: RawRow, to aggregates: inout Aggregates) {
        aggregates.messages[MessageKey(slot: row.int64(0), message: row.text(1) ?? ""), default: 0] += row.int64(2)
    }

    /// Writes every row of the slot families of `aggregates` (callers delete the rows being
    /// replaced first, or append rows a load adds to the stored ones; users are merged by
    /// ``mergeUserDays(_:into:directory:)``); the daily tier takes its families only. With
    /// `addingHours`, an hour already stored gets the counts added (its slot is its key).
    static func insert(
        _ aggregates: Aggregates, _ db: Database, tier: RollupTier = .hourly, addingHours: Bool = false, target: RollupTarget = .live
    ) throws {
        let p = target.prefix(tier)
        try BatchedInsert.rows(db, into: "\(p)types", columns: 5) { types in
            for (key, value) in try target.ordered(aggregates.types, slot: \.slot) {
                try types.add(.int(key.slot), .text(key.eventType), .text(key.serviceName), .int(value.events), .int(value.withUser))
                try target.tick()
            }
        }
        if tier == .hourly {
            let adding = "ON CONFLICT (slot) DO UPDATE SET processed = processed + excluded.processed, "
                + "errors = errors + excluded.errors, with_user = with_user + excluded.with_user"
            try BatchedInsert.rows(db, into: target.table("ru_hours"), columns: 4, onConflict: addingHours ? adding : "") { hours in
                for (slot, value) in try target.ordered(aggregates.hours, slot: { $0 }) {
                    try hours.add(.int(slot), .int(value.processed), .int(value.errors), .int(value.withUser))
                    try target.tick()
                }
            }
        }
        try BatchedInsert.rows(db, into: "\(p)timings", columns: 7) { timings in
            for (key, value) in try target.ordered(aggregates.timings, slot: \.slot) {
                try timings.add(
                    .int(key.slot), .text(key.serviceName), .int(value.count), .int(value.sumMicros), .double(value.min),
                    .double(value.max), .blob(value.sketch.encoded))
                try target.tick()
            }
        }
        try BatchedInsert.rows(db, into: "\(p)dimensions", columns: 5) { dimensions in
            for (key, value) in try target.ordered(aggregates.dimensions, slot: \.slot) {
                try dimensions.add(
                    .int(key.slot), .int(Int64(EventRoleCode.encode(key.role))), .int(Int64(key.dimension.rawValue)), .text(key.value), .int(value))
                try target.tick()
            }
        }
        try BatchedInsert.rows(db, into: "\(p)models", columns: 7) { models in
            for (key, value) in try target.ordered(aggregates.models, slot: \.slot) {
                try models.add(
                    .int(key.slot), .text(key.deviceType), .text(key.complexity), .int(value.events), .int(value.parameterCount),
                    .int(value.parameterSumMicros), .double(value.parameterMax))
                try target.tick()
            }
        }
        try BatchedInsert.rows(db, into: "\(p)errors", columns: 4) { errors in
            for (key, value) in try target.ordered(aggregates.errors, slot: \.slot) {
                try errors.add(.int(key.slot), .text(key.errorType), .text(key.service), .int(value))
                try target.tick()
            }
        }
        try BatchedInsert.rows(db, into: "\(p)messages", columns: 3) { messages in
            for (key, value) in try target.ordered(aggregates.messages, slot: \.slot) {
                try messages.add(.int(key.slot), .text(key.message), .int(value))
                try target.tick()
            }
        }
    }
}

/// Which rollup families a window needs.
public struct RollupFamilies: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let types = RollupFamilies(rawValue: 1)
    public static let timings = RollupFamilies(rawValue: 2)
    public static let dimensions = RollupFamilies(rawValue: 4)
    public static let models = RollupFamilies(rawValue: 8)
    public static let errors = RollupFamilies(rawValue: 16)
    public static let users = RollupFamilies(rawValue: 32)
    /// Processed, error and with-user events per local hour (``HourCount``).
    public static let hours = RollupFamilies(rawValue: 64)
    /// Each user's total over the window alone (``WindowData/userTotals`` and ``WindowData/userNames``,
    /// no ``WindowData/userDays``): what a ranking of users needs. Implied by ``users``. Over a
    /// year of 200,000 users the day rows are ~30 million (480 MB) that a top ten never reads.
    public static let userTotals = RollupFamilies(rawValue: 128)
    public static let all: RollupFamilies = [.types, .hours, .timings, .dimensions, .models, .errors, .users]
    /// The families folded from an event's type, service, user and processing time alone (what
    /// a previous period or a baseline needs).
    static let lean: RollupFamilies = [.types, .hours, .timings]
}
