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
        let path = temp.path("old.db")
        do {
            // The database as the first release left it: only 0001-events, two rows written by hand.
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "0001-events")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO events (ts, received_at, event_type, service_name, user_id, event_data,
                        device_type, processing_time_ms)
                    VALUES (1000, 2000, 'document_processed', 'pdf-service', 'u-1', '{"device_type":"IGBT"}',
                        'IGBT', 120.5),
                           (3000, 4000, 'page_view', NULL, NULL, '{}', NULL, NULL)
                    """)
            }
            let applied = try queue.read { db in try Migrations.migrator.appliedIdentifiers(db) }
            #expect(applied == ["0001-events"])
            try queue.close()
        }

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

    @Test("opening again applies nothing new; migrate reports the full list")
    func idempotent() throws {
        let path = temp.path("twice.db")
        _ = try TestStore.open(path)
        let store = try TestStore.open(path)
        #expect(try store.migrate() == AnalyticsStore.knownMigrations)
    }
}
