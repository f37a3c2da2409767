internal import Foundation
internal import GRDB
internal import Model

extension AnalyticsStore {
    /// The cursor of a builder cache (``BuilderCache``): where its copy of `server`'s events
    /// stands; ``PostgresEventCursor/start`` for a cache never synced. Refuses a cache of another
    /// server, and an SQLite database that already holds events of its own.
    func postgresCursor(server: String) throws(StoreError) -> PostgresEventCursor {
        let path = path
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT server, cursor FROM postgres_cursor WHERE id = 1") else {
                if try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM events LIMIT 1)") ?? 0 > 0 {
                    throw StoreError.failed(
                        path: path,
                        reason: "holds events of its own, so it cannot be the builder cache of \(server); "
                            + "name another file with --cache")
                }
                return PostgresEventCursor.start
            }
            let recorded: String = row["server"]
            guard recorded == server else {
                throw StoreError.failed(
                    path: path,
                    reason: "is the builder cache of \(recorded), not of \(server); name another file with --cache")
            }
            let text: String = row["cursor"]
            return try JSONDecoder().decode(PostgresEventCursor.self, from: Data(text.utf8))
        }
    }

    /// Appends `events` (read after `cursor`) and records `next` as the cursor, in one
    /// transaction — only if the cursor is still `cursor`; returns false (and stores nothing)
    /// when another process moved it meanwhile. Events keep their time, received time and
    /// fields; their ids are this database's own, in sync order.
    func appendSynced(
        _ events: [StoredEvent], after cursor: PostgresEventCursor, next: PostgresEventCursor, server: String
    ) throws(StoreError) -> Bool {
        try write { db in
            let current = try String.fetchOne(db, sql: "SELECT cursor FROM postgres_cursor WHERE id = 1")
                .map { try JSONDecoder().decode(PostgresEventCursor.self, from: Data($0.utf8)) }
            guard (current ?? .start) == cursor else { return false }
            let insert = try db.cachedStatement(
                sql: "INSERT INTO events (\(EventInserter.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for event in events {
                try insert.execute(arguments: [
                    event.ts, event.receivedAt, event.eventType, event.serviceName, event.userId, event.eventData,
                    event.deviceType, event.processingTimeMs, event.fileSizeMb, event.errorType, event.errorMessage,
                    event.errorService, event.modelComplexity, event.parametersExtracted,
                ])
            }
            let text = String(decoding: try JSONEncoder().encode(next), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO postgres_cursor (id, server, cursor, events_synced, synced_at) VALUES (1, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor,
                        events_synced = events_synced + excluded.events_synced, synced_at = excluded.synced_at
                    """,
                arguments: [server, text, events.count, Clock.nowMilliseconds()])
            return true
        }
    }
}
