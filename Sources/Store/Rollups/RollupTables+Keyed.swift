internal import GRDB

extension RollupTables {
    /// Merges the slot families of `delta` into `tier`'s tables key by key: each key's stored
    /// row is taken out (`DELETE … RETURNING`, through the slot indexes) and written back merged
    /// with the delta. What a few late events spread over many days cost: the rows of their keys,
    /// not every row of every hour and day they touch (``AnalyticsStore/merge(_:_:into:calendar:directory:)``
    /// rewrites whole slots, which is cheaper when the delta fills them: a new hour's events).
    static func mergeByKey(_ delta: Aggregates, _ db: Database, tier: RollupTier) throws {
        let p = tier.prefix
        let families = tier.families
        var stored = Aggregates()
        func take(_ table: String, _ keyColumns: String, _ columns: String) throws -> RawInsert {
            try RawInsert(db, "DELETE FROM \(p)\(table) WHERE \(keyColumns) RETURNING \(columns)")
        }
        if families.contains(.types) {
            let statement = try take("types", "slot = ? AND event_type = ? AND service_name IS ?", Columns.types)
            for key in delta.types.keys {
                try statement.rows(.int(key.slot), .text(key.eventType), .text(key.serviceName)) { add(type: $0, to: &stored) }
            }
        }
        if families.contains(.hours) {
            let statement = try take("hours", "slot = ?", Columns.hours)
            for slot in delta.hours.keys { try statement.rows(.int(slot)) { add(hour: $0, to: &stored) } }
        }
        if families.contains(.timings) {
            let statement = try take("timings", "slot = ? AND service_name IS ?", Columns.timings)
            for key in delta.timings.keys { try statement.rows(.int(key.slot), .text(key.serviceName)) { add(timing: $0, to: &stored) } }
        }
        if families.contains(.dimensions) {
            let statement = try take("dimensions", "slot = ? AND role = ? AND dimension = ? AND value IS ?", Columns.dimensions)
            for key in delta.dimensions.keys {
                try statement.rows(
                    .int(key.slot), .int(Int64(EventRoleCode.encode(key.role))), .int(Int64(key.dimension.rawValue)), .text(key.value)
                ) { add(dimension: $0, to: &stored) }
            }
        }
        if families.contains(.models) {
            let statement = try take("models", "slot = ? AND device_type IS ? AND complexity IS ?", Columns.models)
            for key in delta.models.keys {
                try statement.rows(.int(key.slot), .text(key.deviceType), .text(key.complexity)) { add(model: $0, to: &stored) }
            }
        }
        if families.contains(.errors) {
            let errors = try take("errors", "slot = ? AND error_type IS ? AND service IS ?", Columns.errors)
            for key in delta.errors.keys { try errors.rows(.int(key.slot), .text(key.errorType), .text(key.service)) { add(error: $0, to: &stored) } }
            let messages = try take("messages", "slot = ? AND message = ?", Columns.messages)
            for key in delta.messages.keys { try messages.rows(.int(key.slot), .text(key.message)) { add(message: $0, to: &stored) } }
        }
        var merged = delta
        merged.userDays = [:]
        merged.merge(stored)
        try insert(merged, db, tier: tier)
    }

    /// Whether merging `delta` key by key writes less than rewriting the slots it touches (listed
    /// in `temp.ru_affected`): when the stored rows of those slots outnumber its keys three to
    /// one (late events spread thinly over many hours; never a rebuild, whose slots are empty).
    static func keyedMergeIsSmaller(_ delta: Aggregates, _ db: Database) throws -> Bool {
        guard !delta.types.isEmpty else { return false }
        let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM ru_types WHERE slot IN (SELECT slot FROM temp.ru_affected)") ?? 0
        return delta.types.count * 3 < stored
    }
}
