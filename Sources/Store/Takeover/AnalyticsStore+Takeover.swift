public import Model
internal import GRDB
internal import Foundation

/// What this database remembers of one source database.
struct TakeoverSourceState {
    var id: Int64
    var lastEventId: Int64
    var imported: Int
}

extension AnalyticsStore {
    /// The remembered state of the source with `identity`, nil when none was imported yet.
    func takeoverSource(identity: String) throws(StoreError) -> TakeoverSourceState? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, last_event_id, events_imported FROM takeover_sources WHERE identity = ?",
                arguments: [identity]
            ).map { TakeoverSourceState(id: $0[0], lastEventId: $0[1], imported: $0[2]) }
        }
    }

    /// Records an import of the source (creating its row the first time) and returns its state.
    /// A source first seen without events (identified by path) takes its event identity now.
    static func beginTakeover(
        _ db: Database, identity: String, pathIdentity: String, path: String, at time: Int64
    ) throws -> TakeoverSourceState {
        if identity != pathIdentity {
            try db.execute(
                sql: "UPDATE takeover_sources SET identity = ? WHERE identity = ? AND last_event_id = 0",
                arguments: [identity, pathIdentity])
        }
        try db.execute(
            sql: """
                INSERT INTO takeover_sources (identity, path, last_event_id, events_imported, events_rejected, first_import_at, last_import_at)
                VALUES (?, ?, 0, 0, 0, ?, ?)
                ON CONFLICT(identity) DO UPDATE SET path = excluded.path, last_import_at = excluded.last_import_at
                """, arguments: [identity, path, time, time])
        let row = try Row.fetchOne(
            db, sql: "SELECT id, last_event_id, events_imported FROM takeover_sources WHERE identity = ?", arguments: [identity])!
        return TakeoverSourceState(id: row[0], lastEventId: row[1], imported: row[2])
    }

    /// Stores one batch of original events and moves the source's mark to `lastId` (the highest
    /// original id the batch covers, rejected rows included), in the caller's transaction: the
    /// mark never says more or less than what is stored.
    static func commitTakeoverBatch(
        _ db: Database, _ events: [TrackedEvent], sourceId: Int64, lastId: Int64, rejected: Int, receivedAt: Int64
    ) throws {
        try EventInserter(db, receivedAt: receivedAt).insertAll(events, inTimeOrder: true, in: db)
        try db.execute(
            sql: """
                UPDATE takeover_sources SET last_event_id = ?, events_imported = events_imported + ?,
                    events_rejected = events_rejected + ? WHERE id = ?
                """, arguments: [lastId, events.count, rejected, sourceId])
    }

    /// Stores the source's dashboards or saved reports (`configs`, in original id order) in the
    /// caller's transaction. One stored by an earlier import keeps its name here and is updated; a new one
    /// keeps its name unless that name (or its slug) is taken, and is then stored as
    /// `NAME (original #ID)`.
    static func storeTakenOver(
        _ db: Database, _ configs: [TakenOverConfig], kind: TakenOverKind, sourceId: Int64, path: String
    ) throws -> ConfigOutcome {
        let table = kind == .dashboard ? "dashboards" : "saved_reports"
        do {
            var outcome = ConfigOutcome()
            for config in configs {
                let mapped = try String.fetchOne(
                    db, sql: "SELECT name FROM takeover_configs WHERE source_id = ? AND kind = ? AND original_id = ?",
                    arguments: [sourceId, kind.rawValue, config.originalId])
                var name = mapped ?? config.name
                if mapped == nil, try Self.isTaken(name, in: table, db) {
                    name = "\(config.name) (original #\(config.originalId))"
                    guard try !Self.isTaken(name, in: table, db) else {
                        outcome.rejected.append(TakeoverRejection(
                            path: path, table: kind.originalTable, id: config.originalId,
                            reason: "name: \"\(config.name)\" and \"\(name)\" are both taken here"))
                        continue
                    }
                    outcome.renamed.append(.init(originalId: config.originalId, originalName: config.name, storedName: name))
                }
                let json = config.json(named: name)
                let existing = try String.fetchOne(db, sql: "SELECT config FROM \(table) WHERE name = ?", arguments: [name])
                switch existing {
                case json?: outcome.unchanged += 1
                case nil: outcome.added += 1
                default: outcome.updated += 1
                }
                if existing != json {
                    try Self.upsert(config, name: name, json: json, table: table, db)
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO takeover_configs (source_id, kind, original_id, name) VALUES (?, ?, ?, ?)",
                    arguments: [sourceId, kind.rawValue, config.originalId, name])
            }
            return outcome
        }
    }

    /// Whether a row of `table` has this name, or a name with the same slug.
    private static func isTaken(_ name: String, in table: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE name = ? OR slug = ?)", arguments: [name, Slug.make(name)]) ?? false
    }

    private static func upsert(_ config: TakenOverConfig, name: String, json: String, table: String, _ db: Database) throws {
        let now = Clock.nowMilliseconds()
        if table == "dashboards" {
            try db.execute(
                sql: """
                    INSERT INTO dashboards (name, slug, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET slug = excluded.slug, config = excluded.config, updated_at = excluded.updated_at
                    """, arguments: [name, Slug.make(name), json, config.createdAt, now])
        } else {
            try db.execute(
                sql: """
                    INSERT INTO saved_reports (name, slug, report_type, schedule, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET slug = excluded.slug, report_type = excluded.report_type,
                        schedule = excluded.schedule, config = excluded.config, updated_at = excluded.updated_at
                    """, arguments: [name, Slug.make(name), config.reportType, config.schedule, json, config.createdAt, now])
        }
    }
}
