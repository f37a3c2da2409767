internal import Model
internal import GRDB

/// How a span's delta goes into the rollup tables (live, or a rebuild's shadows).
extension AnalyticsStore {
    /// Replaces the rows of every slot and day the delta touches by their merge with the delta,
    /// in both tiers — or, when the delta is thin over those slots (late events), appends its
    /// rows beside the stored ones, hours added in place (``RollupTables/appendIsSmaller(_:_:target:)``):
    /// a few late events then cost their own rows, not a read, delete and rewrite of every key
    /// they touch. Returns true when it appended. Each day's user changes go into `spans` too
    /// (``UserSpans``), which the caller flushes before its transaction ends (a rebuild's: before
    /// the swap).
    @discardableResult
    static func merge(
        _ delta: Aggregates, _ users: UserDayBatch, into db: Database, calendar: ZoneCalendar, directory: inout UserDirectory,
        spans: inout UserSpans, target: RollupTarget = .live
    ) throws -> Bool {
        let slots = Set(delta.types.keys.map(\.slot))
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS ru_affected (slot INTEGER PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM temp.ru_affected")
        let addSlot = try db.makeStatement(sql: "INSERT INTO temp.ru_affected VALUES (?)")
        for slot in slots { try addSlot.execute(arguments: [slot]) }

        let daily = try target.unlocked { delta.dailyTier(calendar) }
        if try RollupTables.appendIsSmaller(delta, db, target: target) {
            try RollupTables.insert(delta, db, addingHours: true, target: target)
            try RollupTables.mergeUserDays(users, into: db, directory: &directory, spans: &spans, target: target)
            try RollupTables.insert(daily, db, tier: .daily, target: target)
            return true
        }
        let slotCondition = "slot IN (SELECT slot FROM temp.ru_affected)"
        var existing = Aggregates()
        try RollupTables.load(.all, db, slots: slotCondition, [], into: &existing, target: target)
        var merged = delta  // the delta is usually the larger: merge the stored rows into it
        merged.userDays = [:]
        merged.merge(existing)
        for table in RollupTables.slotTables {
            try db.execute(sql: "DELETE FROM \(target.table(table)) WHERE \(slotCondition)")
        }
        try RollupTables.insert(merged, db, target: target)
        try RollupTables.mergeUserDays(users, into: db, directory: &directory, spans: &spans, target: target)
        try mergeDaily(daily, into: db, target: target)
        return false
    }

    /// The daily tier's part of ``merge(_:_:into:calendar:directory:target:)``.
    private static func mergeDaily(_ delta: Aggregates, into db: Database, target: RollupTarget) throws {
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS rd_affected (slot INTEGER PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM temp.rd_affected")
        let addDay = try db.makeStatement(sql: "INSERT INTO temp.rd_affected VALUES (?)")
        for slot in delta.dailyTierSlots { try addDay.execute(arguments: [slot]) }
        let condition = "slot IN (SELECT slot FROM temp.rd_affected)"
        var merged = delta
        try RollupTables.load(.all, db, slots: condition, [], into: &merged, tier: .daily, target: target)
        for table in RollupTables.dayTables {
            try db.execute(sql: "DELETE FROM \(target.table(table)) WHERE \(condition)")
        }
        try RollupTables.insert(merged, db, tier: .daily, target: target)
    }
}
