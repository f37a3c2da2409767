internal import GRDB
internal import Foundation

extension AnalyticsStore {
    /// Events, time span, size and schema version (`db info`).
    public func info() throws(StoreError) -> DatabaseInfo {
        let path = self.path
        return try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*), min(ts), max(ts) FROM events")
            let migrations = try Migrations.migrator.appliedMigrations(db)
            let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            return DatabaseInfo(
                path: path, eventCount: row?[0] ?? 0, firstEvent: row?[1], lastEvent: row?[2],
                sizeBytes: pageCount * pageSize, schemaVersion: migrations.count, migrations: migrations,
                journalMode: mode)
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
