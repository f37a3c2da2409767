import Foundation
import GRDB
import Model
@testable import Store
import Testing

@Suite("migrations")
struct MigrationTests {
    let temp = TemporaryDirectory()

    @Test("a database made by the first schema version is migrated, its events kept")
    func migratesPreviousVersion() throws {
        // The database as the first release left it: only 0001-events, two rows written by hand.
        let (path, applied) = try database("old.db", upTo: "0001-events", then: """
            INSERT INTO events (ts, received_at, event_type, service_name, user_id, event_data,
                device_type, processing_time_ms)
            VALUES (1000, 2000, 'document_processed', 'pdf-service', 'u-1', '{"device_type":"IGBT"}',
                'IGBT', 120.5),
                   (3000, 4000, 'page_view', NULL, NULL, '{}', NULL, NULL)
            """)
        #expect(applied == ["0001-events"])

        let store = try TestStore.open(path)
        let events = try store.events()
        #expect(events.count == 2)
        #expect(events[0].ts == 1000)
        #expect(events[0].receivedAt == 2000)
        #expect(events[0].serviceName == "pdf-service")
        #expect(events[0].eventData == #"{"device_type":"IGBT"}"#)
        #expect(events[0].processingTimeMs == 120.5)
        #expect(events[1].eventType == "page_view")
        #expect(events[1].userId == nil)

        let info = try store.info()
        #expect(info.migrations == AnalyticsStore.knownMigrations)
        #expect(info.schemaVersion == AnalyticsStore.knownMigrations.count)
        #expect(info.schemaVersion >= 2)

        // The tables of the second migration exist and work.
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(Set(["dashboards", "saved_reports", "runs", "events"]).isSubset(of: Set(tables)))
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO dashboards (name, slug, config, created_at, updated_at)
                VALUES ('Ops', 'ops', '{}', 1, 1)
                """)
        }

        // New inserts continue after the old rows.
        let ids = try store.insert([TrackedEvent(eventType: "later", timestamp: 5000)])
        #expect(ids == [3])
    }

    @Test("users numbered before 0011 keep their numbers without the index on their ids, and a rebuild's leftovers go")
    func usersLoseTheirIdIndex() throws {
        // As a rebuild leaves it: the live index renamed with `_b`, the swapped-out table holding
        // the first name (RollupShadow), and one id that differs only in case.
        let (path, _) = try database("users.db", upTo: "0010-retention", then: """
            INSERT INTO ru_users (number, user_id, first_ts) VALUES (0, 'alice', 500), (1, 'Alice', 100), (2, '山田', 300);
            DROP INDEX ru_users_by_first;
            CREATE INDEX ru_users_by_first_b ON ru_users(first_ts);
            CREATE TABLE old_ru_users (number INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, first_ts INTEGER NOT NULL);
            CREATE INDEX ru_users_by_first ON old_ru_users(first_ts);
            INSERT INTO old_ru_users VALUES (0, 'stale', 1);
            """)
        let store = try TestStore.open(path)
        let (rows, indexes, tables) = try store.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT number, user_id, first_ts FROM ru_users ORDER BY number").map {
                    "\($0[0] as Int) \($0[1] as String) \($0[2] as Int64)"
                },
                try Row.fetchAll(db, sql: "SELECT name, \"unique\" FROM pragma_index_list('ru_users')").map { "\($0[0] as String) \($0[1] as Int)" },
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%ru_users'")
            )
        }
        #expect(rows == ["0 alice 500", "1 Alice 100", "2 山田 300"])
        #expect(indexes == [])  // the index on first times went too, with 0013
        #expect(tables == ["ru_users"])
    }

    @Test("users stored before 0013 keep their rows, the index on first times goes under either name, and new users still count")
    func usersLoseTheirFirstTimeIndex() throws {
        // As two rebuilds leave it: the live table's index named with `_b`, the swapped-out
        // table's with the first name (RollupShadow).
        let (path, _) = try database("first.db", upTo: "0012-time-bucket-index", then: """
            INSERT INTO ru_users (number, user_id, first_ts) VALUES (0, 'alice', 500), (1, 'bob', 100), (2, '山田', 300), (3, 'eve', 400);
            DROP INDEX ru_users_by_first;
            CREATE INDEX ru_users_by_first_b ON ru_users(first_ts);
            CREATE TABLE old_ru_users (number INTEGER PRIMARY KEY, user_id TEXT NOT NULL, first_ts INTEGER NOT NULL);
            CREATE INDEX ru_users_by_first ON old_ru_users(first_ts);
            """)
        let store = try TestStore.open(path)
        let (rows, indexes, newUsers) = try store.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT number, user_id, first_ts FROM ru_users ORDER BY number").map {
                    "\($0[0] as Int) \($0[1] as String) \($0[2] as Int64)"
                },
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ru_users%'"),
                // What a window of [300, 500) reads: 山田 (300) and eve (400), by hand.
                try Int.fetchOne(db, sql: "SELECT count(*) FROM ru_users WHERE first_ts >= 300 AND first_ts < 500")
            )
        }
        #expect(rows == ["0 alice 500", "1 bob 100", "2 山田 300", "3 eve 400"])
        #expect(indexes == [])
        #expect(newUsers == 2)
    }

    @Test("day blocks stored before 0014 stay as they are, beside an empty table for late user days")
    func lateUserDaysGetATable() throws {
        let (path, _) = try database("late.db", upTo: "0013-users-without-first-index", then: """
            INSERT INTO ru_user_day_blocks (day, users) VALUES (20000, x'0102'), (20001, x'03');
            """)
        let store = try TestStore.open(path)
        let (blocks, late) = try store.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT day, hex(users) FROM ru_user_day_blocks ORDER BY day").map { "\($0[0] as Int):\($0[1] as String)" },
                try Int.fetchOne(db, sql: "SELECT count(*) FROM ru_user_day_late")
            )
        }
        #expect(blocks == ["20000:0102", "20001:03"])
        #expect(late == 0)
    }

    @Test("day blocks stored before 0015 are summed into a block per span of 32 days, late entries in their place, and a rebuild under way stops")
    func userSpansAreFilled() throws {
        // Entries written out by hand, 28 bytes little-endian: user (4), events, first, last (8 each).
        func entry(_ user: UInt32, _ events: Int64, _ first: Int64, _ last: Int64) -> String {
            func hex<T: FixedWidthInteger>(_ value: T) -> String {
                (0..<(T.bitWidth / 8)).map { String(format: "%02X", UInt8(truncatingIfNeeded: value >> ($0 * 8))) }.joined()
            }
            return hex(user) + hex(events) + hex(first) + hex(last)
        }
        // Days 40 and 41 lie in span 1 (days 32–63), day 70 in span 2. Day 41's late entry
        // (placed before its stored entry 0) replaces user 2's activity that day: 4 events, not 2.
        let (path, _) = try database("spans.db", upTo: "0014-user-day-late", then: """
            INSERT INTO ru_user_day_blocks (day, users) VALUES
                (40, x'\(entry(0, 3, 1000, 3000) + entry(2, 1, 1500, 1500))'),
                (41, x'\(entry(2, 2, 5000, 6000) + entry(1, 1, 5500, 5500))'),
                (70, x'\(entry(1, 5, 9000, 9900))');
            INSERT INTO ru_user_day_late (day, users) VALUES (41, x'00000000\(entry(2, 4, 4000, 7000))');
            CREATE TABLE next_rollup_rebuild (token TEXT NOT NULL);
            INSERT INTO next_rollup_rebuild VALUES ('a rebuild under way');
            """)
        let store = try TestStore.open(path)
        let (spans, token) = try store.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT span, hex(users) FROM ru_user_spans ORDER BY span").map { "\($0[0] as Int):\($0[1] as String)" },
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'next_rollup_rebuild'")
            )
        }
        // The rebuild under way lost its token: its shadows lack the new table.
        #expect(token == 0)
        #expect(spans == [
            "1:" + entry(0, 3, 1000, 3000) + entry(1, 1, 5500, 5500) + entry(2, 5, 1500, 7000),
            "2:" + entry(1, 5, 9000, 9900),
        ])
    }

    @Test("events stored before 0012 are read through the time-bucket index that replaces the time index")
    func timeIndexBecomesBuckets() throws {
        let (path, _) = try database("buckets.db", upTo: "0011-users-without-id-index", then: """
            INSERT INTO events (ts, received_at, event_type, user_id, event_data)
            VALUES (5000000, 1, 'a', 'u1', '{}'), (1000, 1, 'b', NULL, '{}'), (4194304, 1, 'c', 'u2', '{}')
            """)
        let store = try TestStore.open(path)
        let (indexes, columns) = try store.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM pragma_index_list('events') ORDER BY name"),
                try Row.fetchAll(db, sql: "SELECT name, desc FROM pragma_index_xinfo('events_by_bucket') WHERE key = 1").map {
                    ($0[0] as String?) ?? "<expr>"
                }
            )
        }
        #expect(indexes == ["events_by_bucket"])
        #expect(columns == ["<expr>", "id", "ts", "user_id"])
        #expect(try store.eventCount(in: TimeWindow(start: 1000, end: 4194305)) == 2)
        #expect(try store.earliestEventTime() == 1000)
        #expect(try store.latestEventTime() == 5000000)
    }

    /// A database named `name` migrated up to `version` only, then changed by `sql`: its path
    /// and the migrations it records.
    private func database(_ name: String, upTo version: String, then sql: String) throws -> (String, [String]) {
        let path = temp.path(name)
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: version)
        try queue.write { db in try db.execute(sql: sql) }
        let applied = try queue.read { db in try Migrations.migrator.appliedIdentifiers(db) }
        try queue.close()
        return (path, Array(applied))
    }

    @Test("opening again applies nothing new; migrate reports the full list")
    func idempotent() throws {
        let path = temp.path("twice.db")
        _ = try TestStore.open(path)
        let store = try TestStore.open(path)
        #expect(try store.migrate() == AnalyticsStore.knownMigrations)
    }
}
