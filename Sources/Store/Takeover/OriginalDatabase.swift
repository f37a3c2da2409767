internal import GRDB
internal import GRDBSQLite
internal import Foundation
internal import Model

/// The original Python service's SQLite database (`original-database.md`), opened read-only:
/// SQLite opens the file with `O_RDONLY`, creates no journal and changes no setting, so the file
/// and any journal beside it stay byte for byte as they were, also while the old service writes.
///
/// Reads are short transactions (a snapshot of the configs and the highest event id, then events
/// in chunks of ids), so the old service, which waits at most five seconds for a lock, is never
/// kept from committing. Its events are only ever appended, with increasing ids, so the events
/// up to the snapshot's highest id are exactly those of that one snapshot.
final class OriginalDatabase: Sendable {
    let path: String
    private let queue: DatabaseQueue

    /// The columns of `analytics_events` a takeover reads.
    static let eventColumns = ["id", "event_type", "event_data", "timestamp", "service_name", "user_id"]

    /// Whether `path` is an SQLite file holding the original's `analytics_events` table (read
    /// without writing anything). False for anything else, including unreadable files.
    static func recognises(path: String) -> Bool {
        guard hasSQLiteHeader(path), let database = try? OriginalDatabase(path: path) else { return false }
        return (try? database.queue.read { try $0.tableExists("analytics_events") }) ?? false
    }

    /// Whether the file starts with SQLite's 16-byte header.
    static func hasSQLiteHeader(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8)
    }

    init(path: String) throws(TakeoverError) {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "espice.takeover.source"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
    }

    /// Configs, the `metrics` row count, the highest event id and the source's identity, read in
    /// one transaction.
    func snapshot() throws(TakeoverError) -> OriginalSnapshot {
        do {
            return try queue.read { db in
                guard try db.tableExists("analytics_events") else {
                    throw TakeoverError.notOriginal(path: path, reason: "it has no analytics_events table")
                }
                let columns = Set(try db.columns(in: "analytics_events").map { $0.name.lowercased() })
                for column in Self.eventColumns where !columns.contains(column) {
                    throw TakeoverError.notOriginal(path: path, reason: "analytics_events has no column \(column)")
                }
                let lastId = try Int64.fetchOne(db, sql: "SELECT max(id) FROM analytics_events") ?? 0
                return OriginalSnapshot(
                    lastEventId: lastId, identity: try identity(db),
                    savedReports: try configs(db, table: "reports", typeColumn: "report_type"),
                    dashboards: try configs(db, table: "dashboards", typeColumn: nil),
                    metricsRows: try db.tableExists("metrics") ? try Int.fetchOne(db, sql: "SELECT count(*) FROM metrics") ?? 0 : 0)
            }
        } catch let error as TakeoverError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
    }

    /// What makes this source the same one in a later import, even as a copy elsewhere: its
    /// first event (id, time, type and a hash of its data). Without events, its absolute path.
    private func identity(_ db: Database) throws -> String {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT id, CAST(timestamp AS TEXT), event_type, event_data FROM analytics_events ORDER BY id LIMIT 1")
        else {
            return pathIdentity
        }
        let data: String = row[3] ?? ""
        let type: String = row[2] ?? ""
        let time: String = row[1] ?? ""
        return "first-event:\(row[0] as Int64)|\(time)|\(type)|\(String(FNV1a.hash(data), radix: 16))"
    }

    /// The identity of a source without events: its absolute path.
    var pathIdentity: String {
        "path:" + URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    private func configs(_ db: Database, table: String, typeColumn: String?) throws -> [OriginalConfigRow] {
        guard try db.tableExists(table) else { return [] }
        let type = typeColumn.map { "CAST(\($0) AS TEXT)" } ?? "NULL"
        return try Row.fetchAll(
            db, sql: "SELECT id, CAST(name AS TEXT), \(type), CAST(config AS TEXT), CAST(created_at AS TEXT) FROM \(table) ORDER BY id"
        ).map { OriginalConfigRow(id: $0[0], name: $0[1], reportType: $0[2], config: $0[3], createdAt: $0[4]) }
    }

    /// How many events have `after < id <= upTo` (for progress).
    func countEvents(after: Int64, upTo: Int64) throws(TakeoverError) -> Int {
        do {
            return try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM analytics_events WHERE id > ? AND id <= ?", arguments: [after, upTo]) ?? 0
            }
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
    }

    /// Calls `body` for each event with `after < id <= upTo`, in id order, at most `limit` of
    /// them, in one short read transaction; returns how many rows it read.
    func events(after: Int64, upTo: Int64, limit: Int, _ body: (OriginalEventRow) -> Void) throws(TakeoverError) -> Int {
        do {
            return try queue.read { db in
                var count = 0
                try RawRow.each(
                    db,
                    """
                    SELECT id, CAST(event_type AS TEXT), CAST(timestamp AS TEXT), CAST(service_name AS TEXT),
                        CAST(user_id AS TEXT), CAST(event_data AS TEXT)
                    FROM analytics_events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?
                    """, [after, upTo, limit]
                ) { row in
                    body(OriginalEventRow(
                        id: row.int64(0), eventType: row.text(1), timestamp: row.text(2), serviceName: row.text(3),
                        userId: row.text(4), eventData: row.text(5)))
                    count += 1
                }
                return count
            }
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        if error.extendedResultCode.rawValue == 776 /* SQLITE_READONLY_ROLLBACK */ {
            return "it has an unfinished transaction (a hot journal) that only a writer can roll back; "
                + "let the original service (or `sqlite3 FILE 'PRAGMA quick_check'`) open it once, then import again"
        }
        return error.message ?? "\(error.resultCode)"
    }
}

/// A row of the original's `analytics_events`, as text (nil = NULL).
struct OriginalEventRow {
    var id: Int64
    var eventType: String?
    var timestamp: String?
    var serviceName: String?
    var userId: String?
    var eventData: String?
}

/// A row of the original's `reports` or `dashboards` table.
struct OriginalConfigRow {
    var id: Int64
    var name: String?
    var reportType: String?
    var config: String?
    var createdAt: String?
}

/// What one read transaction of the source saw.
struct OriginalSnapshot {
    /// The highest event id: this import takes events up to it.
    var lastEventId: Int64
    var identity: String
    var savedReports: [OriginalConfigRow]
    var dashboards: [OriginalConfigRow]
    var metricsRows: Int
}

/// 64-bit FNV-1a: a stable, dependency-free fingerprint (not a security hash).
enum FNV1a {
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
