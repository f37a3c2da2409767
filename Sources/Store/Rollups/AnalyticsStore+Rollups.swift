public import Model
internal import Logging
internal import GRDB
internal import Foundation

/// How rollups are folded: the zone of their slots and days, and the event roles.
public struct RollupSettings: Sendable, Hashable {
    public var roles: EventRoles
    public var calendar: ZoneCalendar

    public init(roles: EventRoles, calendar: ZoneCalendar) {
        self.roles = roles
        self.calendar = calendar
    }

    /// Rollups folded under another fingerprint are rebuilt.
    var fingerprint: String {
        "v1|\(calendar.identifier)|p=\(roles.processed.joined(separator: ","))|e=\(roles.error.joined(separator: ","))"
            + "|m=\(roles.modelGenerated.joined(separator: ","))"
    }
}

/// What a rollup refresh did.
public struct RollupRefresh: Sendable, Hashable {
    /// Events folded by this refresh.
    public var folded: Int
    /// The id of the last event now folded.
    public var watermark: Int64
    /// True when the rollups were rebuilt from scratch (first run, `--full`, or a config change).
    public var rebuilt: Bool
}

extension AnalyticsStore {
    /// Folds the events added since the last refresh into the rollups, in chunks (memory stays
    /// bounded). Events are read on a WAL reader; only the merge of each chunk takes the write
    /// lock, briefly, so ingest keeps writing meanwhile.
    public func refreshRollups(_ settings: RollupSettings, full: Bool = false, chunkSize: Int = 250_000) throws(StoreError) -> RollupRefresh {
        let fingerprint = settings.fingerprint
        var rebuilt = false
        var watermark: Int64 = try write { db in
            let row = try Row.fetchOne(db, sql: "SELECT fingerprint, watermark FROM rollup_state WHERE id = 1")
            if full || row == nil || (row?[0] as String?) != fingerprint {
                for table in RollupTables.slotTables + ["ru_user_days", "ru_user_first"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rollup_state (id, fingerprint, watermark, folded_at) VALUES (1, ?, 0, ?)",
                    arguments: [fingerprint, Clock.nowMilliseconds()])
                rebuilt = true
                return 0
            }
            return row?[1] ?? 0
        }
        var folded = 0
        while true {
            var delta = Aggregates()
            var folder = Folder(roles: settings.roles, calendar: settings.calendar)
            var last = watermark
            var count = 0
            try read { db in
                try EventScanner.scan(db, where: "id > ?", arguments: [watermark], limit: chunkSize, inIdOrder: true) { id, event in
                    folder.fold(event, into: &delta)
                    last = id
                    count += 1
                }
            }
            if count == 0 { break }
            let expected = watermark
            try write { db in
                let current = try Int64.fetchOne(db, sql: "SELECT watermark FROM rollup_state WHERE id = 1")
                guard current == expected else { throw StoreError.failed(path: path, reason: "rollups refreshed concurrently by another build") }
                try Self.merge(delta, into: db)
                try db.execute(
                    sql: "UPDATE rollup_state SET watermark = ?, folded_at = ? WHERE id = 1",
                    arguments: [last, Clock.nowMilliseconds()])
            }
            watermark = last
            folded += count
            logger.debug("folded events into rollups", metadata: ["events": "\(count)", "watermark": "\(last)"])
        }
        return RollupRefresh(folded: folded, watermark: watermark, rebuilt: rebuilt)
    }

    /// Replaces the rows of every slot and day the delta touches by their merge with the delta.
    static func merge(_ delta: Aggregates, into db: Database) throws {
        let slots = Set(delta.types.keys.map(\.slot))
        let days = Set(delta.userDays.keys.map(\.day))
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS ru_affected (slot INTEGER PRIMARY KEY)")
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS ru_affected_days (day INTEGER PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM temp.ru_affected; DELETE FROM temp.ru_affected_days")
        let addSlot = try db.makeStatement(sql: "INSERT INTO temp.ru_affected VALUES (?)")
        for slot in slots { try addSlot.execute(arguments: [slot]) }
        let addDay = try db.makeStatement(sql: "INSERT INTO temp.ru_affected_days VALUES (?)")
        for day in days { try addDay.execute(arguments: [day]) }

        let slotCondition = "slot IN (SELECT slot FROM temp.ru_affected)"
        let dayCondition = "day IN (SELECT day FROM temp.ru_affected_days)"
        var merged = Aggregates()
        try RollupTables.load(.all, db, slots: slotCondition, [], into: &merged)
        try RollupTables.loadUserDays(db, days: dayCondition, [], into: &merged.userDays)
        merged.merge(delta)
        for table in RollupTables.slotTables {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(slotCondition)")
        }
        try db.execute(sql: "DELETE FROM ru_user_days WHERE \(dayCondition)")
        merged.userFirst = delta.userFirst
        try RollupTables.insert(merged, db)
    }

    /// The first stored event time, if any.
    public func earliestEventTime() throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT min(ts) FROM events") }
    }
}
