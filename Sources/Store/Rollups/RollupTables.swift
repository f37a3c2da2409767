internal import GRDB
internal import Foundation

/// Reading and writing each rollup family. `condition` selects rows by `slot` (or `day` for user
/// days), e.g. `slot >= ? AND slot < ?` or `slot IN (SELECT slot FROM temp.ru_affected)`.
enum RollupTables {
    static let slotTables = ["ru_types", "ru_timings", "ru_dimensions", "ru_models", "ru_errors", "ru_messages", "ru_user_slots"]

    static func load(
        _ families: RollupFamilies, _ db: Database, slots condition: String, _ arguments: StatementArguments,
        into aggregates: inout Aggregates
    ) throws {
        if families.contains(.types) {
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, event_type, service_name, events, with_user FROM ru_types WHERE \(condition)", arguments: arguments)
            while let row = try rows.next() {
                aggregates.types[TypeKey(slot: row[0], eventType: row[1], serviceName: row[2]), default: TypeCount()]
                    .merge(TypeCount(events: row[3], withUser: row[4]))
            }
        }
        if families.contains(.timings) {
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, service_name, count, sum_micros, min, max, sketch FROM ru_timings WHERE \(condition)", arguments: arguments)
            while let row = try rows.next() {
                let value = TimingAggregate(
                    count: row[2], sumMicros: row[3], min: row[4], max: row[5], sketch: QuantileSketch(encoded: row[6]))
                aggregates.timings[TimingKey(slot: row[0], serviceName: row[1]), default: TimingAggregate()].merge(value)
            }
        }
        if families.contains(.dimensions) {
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, role, dimension, value, events FROM ru_dimensions WHERE \(condition)", arguments: arguments)
            while let row = try rows.next() {
                let key = DimensionKey(
                    slot: row[0], role: EventRoleCode.decode(row[1]), dimension: Dimension(rawValue: row[2]) ?? .service,
                    value: row[3])
                aggregates.dimensions[key, default: 0] += row[4] as Int64
            }
        }
        if families.contains(.models) {
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, device_type, complexity, events, parameter_count, parameter_sum_micros, parameter_max FROM ru_models WHERE \(condition)", arguments: arguments)
            while let row = try rows.next() {
                let value = ModelAggregate(events: row[3], parameterCount: row[4], parameterSumMicros: row[5], parameterMax: row[6])
                aggregates.models[ModelKey(slot: row[0], deviceType: row[1], complexity: row[2]), default: ModelAggregate()].merge(value)
            }
        }
        if families.contains(.errors) {
            let rows = try Row.fetchCursor(db, sql: "SELECT slot, error_type, service, events FROM ru_errors WHERE \(condition)", arguments: arguments)
            while let row = try rows.next() {
                aggregates.errors[ErrorKey(slot: row[0], errorType: row[1], service: row[2]), default: 0] += row[3] as Int64
            }
            let messages = try Row.fetchCursor(db, sql: "SELECT slot, message, events FROM ru_messages WHERE \(condition)", arguments: arguments)
            while let row = try messages.next() {
                aggregates.messages[MessageKey(slot: row[0], message: row[1]), default: 0] += row[2] as Int64
            }
        }
    }

    /// Per-user slot rows (used for affected-slot merges and for the partial days of a window).
    static func loadUserSlots(_ db: Database, slots condition: String, _ arguments: StatementArguments, _ body: (UserSlotKey, UserActivity) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT slot, user_id, events, first_ts, last_ts FROM ru_user_slots WHERE \(condition)", arguments: arguments)
        while let row = try rows.next() {
            body(UserSlotKey(slot: row[0], userId: row[1]), UserActivity(events: row[2], first: row[3], last: row[4]))
        }
    }

    static func loadUserDays(_ db: Database, days condition: String, _ arguments: StatementArguments, into map: inout [UserDayKey: UserActivity]) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT day, user_id, events, first_ts, last_ts FROM ru_user_days WHERE \(condition)", arguments: arguments)
        while let row = try rows.next() {
            map[UserDayKey(day: row[0], userId: row[1]), default: UserActivity()]
                .merge(UserActivity(events: row[2], first: row[3], last: row[4]))
        }
    }

    /// Writes every row of `aggregates` (callers delete the rows being replaced first).
    static func insert(_ aggregates: Aggregates, _ db: Database) throws {
        let types = try db.makeStatement(sql: "INSERT INTO ru_types VALUES (?, ?, ?, ?, ?)")
        for (key, value) in aggregates.types {
            try types.execute(arguments: [key.slot, key.eventType, key.serviceName, value.events, value.withUser])
        }
        let timings = try db.makeStatement(sql: "INSERT INTO ru_timings VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (key, value) in aggregates.timings {
            try timings.execute(arguments: [key.slot, key.serviceName, value.count, value.sumMicros, value.min, value.max, value.sketch.encoded])
        }
        let dimensions = try db.makeStatement(sql: "INSERT INTO ru_dimensions VALUES (?, ?, ?, ?, ?)")
        for (key, value) in aggregates.dimensions {
            try dimensions.execute(arguments: [key.slot, EventRoleCode.encode(key.role), key.dimension.rawValue, key.value, value])
        }
        let models = try db.makeStatement(sql: "INSERT INTO ru_models VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (key, value) in aggregates.models {
            try models.execute(arguments: [key.slot, key.deviceType, key.complexity, value.events, value.parameterCount, value.parameterSumMicros, value.parameterMax])
        }
        let errors = try db.makeStatement(sql: "INSERT INTO ru_errors VALUES (?, ?, ?, ?)")
        for (key, value) in aggregates.errors {
            try errors.execute(arguments: [key.slot, key.errorType, key.service, value])
        }
        let messages = try db.makeStatement(sql: "INSERT INTO ru_messages VALUES (?, ?, ?)")
        for (key, value) in aggregates.messages {
            try messages.execute(arguments: [key.slot, key.message, value])
        }
        let slots = try db.makeStatement(sql: "INSERT INTO ru_user_slots VALUES (?, ?, ?, ?, ?)")
        for (key, value) in aggregates.userSlots {
            try slots.execute(arguments: [key.slot, key.userId, value.events, value.first, value.last])
        }
        let days = try db.makeStatement(sql: "INSERT INTO ru_user_days VALUES (?, ?, ?, ?, ?)")
        for (key, value) in aggregates.userDays {
            try days.execute(arguments: [key.day, key.userId, value.events, value.first, value.last])
        }
        let first = try db.makeStatement(sql: """
            INSERT INTO ru_user_first VALUES (?, ?)
            ON CONFLICT(user_id) DO UPDATE SET first_ts = min(first_ts, excluded.first_ts)
            """)
        for (user, ts) in aggregates.userFirst { try first.execute(arguments: [user, ts]) }
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
    public static let all: RollupFamilies = [.types, .timings, .dimensions, .models, .errors, .users]
}
