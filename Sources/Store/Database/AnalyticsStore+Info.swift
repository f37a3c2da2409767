internal import GRDB
internal import Foundation

extension AnalyticsStore {
    /// Events, time span, size and schema version (`db info`).
    public func info() throws(StoreError) -> DatabaseInfo {
        let path = self.path
        return try read { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
            let first = try EventTimeIndex.extreme(first: true, db)
            let last = try EventTimeIndex.extreme(first: false, db)
            let migrations = try Migrations.migrator.appliedMigrations(db)
            let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            let retention = try Self.rawRetention(db)
            return DatabaseInfo(
                path: path, eventCount: count, firstEvent: [first, retention?.firstEvent].compactMap { $0 }.min(),
                lastEvent: last, sizeBytes: pageCount * pageSize, schemaVersion: migrations.count, migrations: migrations,
                journalMode: mode, rawEventsSince: retention?.rawSince, prunedEvents: retention?.prunedEvents)
        }
    }

    /// Applies pending migrations (done on every open; `db migrate` makes it explicit) and
    /// returns the ones now applied.
    public func migrate() throws(StoreError) -> [String] {
        try read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// The migrations this version knows, in order.
    public static var knownMigrations: [String] { Migrations.migrator.migrations }
}
