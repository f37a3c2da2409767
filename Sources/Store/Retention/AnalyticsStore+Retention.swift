public import Model
internal import GRDB
internal import Logging

extension AnalyticsStore {
    /// The raw events kept, when the database was ever pruned (nil otherwise).
    public func rawRetention() throws(StoreError) -> RawRetention? {
        try read { db in try Self.rawRetention(db) }
    }

    static func rawRetention(_ db: Database) throws -> RawRetention? {
        guard let row = try Row.fetchOne(db, sql: "SELECT raw_since, first_event, pruned_events, pruned_at FROM retention WHERE id = 1")
        else { return nil }
        return RawRetention(rawSince: row[0], firstEvent: row[1], prunedEvents: row[2], prunedAt: row[3])
    }

    /// The start of the local day `days` whole days before the local day of `now`: where
    /// `db prune --older-than DAYSd` cuts (a local midnight, so whole days stay whole).
    public static func pruneCutoff(days: Int, now: Int64, calendar: ZoneCalendar) -> Int64 {
        calendar.startOfDay(calendar.localDay(now, offset: calendar.offset(at: now)) - days)
    }

    /// Deletes the raw events before `cutoff` (a local midnight, see ``pruneCutoff(days:now:calendar:)``)
    /// after folding every committed event into the rollups, which keep their figures: daily and
    /// all-time figures stay exact, and windows reaching before the cutoff read whole hours and days
    /// there (``windowData(_:families:settings:filters:daily:edges:)``). Events not yet folded are
    /// never deleted.
    ///
    /// The retention row is written first, in its own transaction, then the events are deleted in
    /// batches of `batchSize` so that an ingest daemon writing beside it waits for one batch at a
    /// time; a report reading meanwhile already reads the parts before the cutoff from the rollups.
    /// An interrupted prune is finished by running it again. After a prune, the rollups cannot be
    /// rebuilt (`--full`, another time zone or other event roles): ``refreshRollups(_:full:chunkSize:workers:)``
    /// refuses.
    public func pruneRawEvents(
        before cutoff: Int64, settings: RollupSettings, batchSize: Int = 50_000
    ) throws(StoreError) -> PruneResult {
        let refresh = try refreshRollups(settings)
        let path = self.path
        let (before, bounds) = EventTimeIndex.before(cutoff)
        let (watermark, retention): (Int64, RawRetention?) = try write { db in
            guard let watermark = try Self.rollupWatermark(db, settings) else {
                throw StoreError.failed(path: path, reason: "rollups are missing or stale; nothing was pruned")
            }
            let previous = try Self.rawRetention(db)
            let any = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM events WHERE \(before) AND id <= ?)",
                arguments: StatementArguments(bounds + [watermark])) ?? false
            // Nothing to delete and never pruned: no retention row, rebuilds stay possible.
            guard any || previous != nil else { return (watermark, nil) }
            let first = try EventTimeIndex.extreme(first: true, db, where: "id <= ?", arguments: [watermark])
            let firstEvent = [previous?.firstEvent, first].compactMap { $0 }.min() ?? cutoff
            let retention = RawRetention(
                rawSince: max(previous?.rawSince ?? cutoff, cutoff), firstEvent: firstEvent,
                prunedEvents: previous?.prunedEvents ?? 0, prunedAt: Clock.nowMilliseconds())
            try Self.store(retention, db)
            return (watermark, retention)
        }
        guard var final = retention else { return PruneResult(deleted: 0, folded: refresh.folded, retention: nil) }
        var deleted = 0
        while true {
            let count: Int = try write { db in
                // Pruned events are overwritten in the file, not only unlinked (``SecureDelete``).
                let count = try SecureDelete.overwriting(db) {
                    try db.execute(
                        sql: """
                            DELETE FROM events WHERE id IN
                                (SELECT id FROM events WHERE \(before) AND id <= ? LIMIT ?)
                            """, arguments: StatementArguments(bounds + [watermark, Int64(batchSize)]))
                    return db.changesCount
                }
                try db.execute(
                    sql: "UPDATE retention SET pruned_events = pruned_events + ? WHERE id = 1", arguments: [count])
                return count
            }
            deleted += count
            if count < batchSize { break }
        }
        logger.info("pruned raw events", metadata: ["before": "\(Timestamp.iso8601(cutoff))", "events": "\(deleted)"])
        final.prunedEvents += deleted
        return PruneResult(deleted: deleted, folded: refresh.folded, retention: final)
    }

    static func store(_ retention: RawRetention, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO retention (id, raw_since, first_event, pruned_events, pruned_at)
                VALUES (1, ?, ?, ?, ?)
                """,
            arguments: [retention.rawSince, retention.firstEvent, retention.prunedEvents, retention.prunedAt])
    }
}
