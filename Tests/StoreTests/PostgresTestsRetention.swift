import Foundation
import Model
import Store
import Testing

/// Retention on PostgreSQL (`db prune`, issue 17): months are dropped only when the builder
/// cache has every event in them. Each test has a database and a directory of its own; psql
/// checks what the server holds.
@Suite("PostgreSQL retention")
struct PostgresRetentionTests {
    /// Reads every committed event from `cursor` on; the cursor once caught up.
    static func caughtUp(_ store: PostgresEventStore, after cursor: PostgresEventCursor) async throws -> PostgresEventCursor {
        var cursor = cursor
        while true {
            let page = try await store.committedEvents(after: cursor, limit: 1_000)
            if page.events.isEmpty && page.cursor == cursor { return cursor }
            cursor = page.cursor
        }
    }

    @Test("A month holding an event committed after the reader's cursor is not dropped; nothing is, until the reader has it")
    func monthsWithUnreadEventsAreKept() async throws {
        let april = MonthPartition(year: 2025, month: 4)
        let may = april.next
        let june = may.next
        try await ScratchDatabase.with { database in
            try await database.withStore { store in
                try await store.insert(postgresSampleEvents(count: 3, from: april.start + 5_000))
                try await store.insert(postgresSampleEvents(count: 4, from: may.start + 5_000))
                try await store.insert(postgresSampleEvents(count: 2, from: june.start + 5_000))
                let cursor = try await Self.caughtUp(store, after: .start)
                // A late event for May commits after the read.
                try await store.insert(postgresSampleEvents(count: 1, from: may.start + 1))

                let error = await #expect(throws: StoreError.self) {
                    _ = try await store.dropPartitions(olderThan: june.start, copiedUpTo: cursor)
                }
                #expect(try #require(error).description.contains("events were committed to the months to drop since the builder cache synced"))
                // April had nothing unread, but the call is all or nothing.
                #expect(try database.query("SELECT tableoid::regclass, count(*) FROM events GROUP BY 1 ORDER BY 1") == [
                    "events_y2025m04|3", "events_y2025m05|5", "events_y2025m06|2",
                ])
                #expect(try database.query("SELECT count(*) FROM retention") == ["0"])

                let later = try await Self.caughtUp(store, after: cursor)
                let dropped = try await store.dropPartitions(olderThan: june.start, copiedUpTo: later)
                #expect(dropped.map { "\($0.partition)=\($0.events)" } == ["\(april)=3", "\(may)=5"])
                #expect(try database.query("SELECT raw_since, pruned_events FROM retention") == ["\(june.start)|8"])
                let retention = try #require(try await store.rawRetention())
                #expect(retention.rawSince == june.start && retention.prunedEvents == 8)
            }
        }
    }

    @Test("A builder cache that never synced is refused once months were dropped, and no file is made")
    func newCacheIsRefusedAfterAPrune() async throws {
        let may = MonthPartition(year: 2025, month: 5)
        try await ScratchDatabase.with { database in
            let directory = TemporaryDirectory()
            try await database.withStore { store in
                try await store.insert(postgresSampleEvents(count: 4, from: may.start + 5_000))
                try await store.insert(postgresSampleEvents(count: 2, from: may.next.start + 5_000))
                // The pruning builder: syncs, folds and prunes its cache, then drops May.
                let pruning = try DatabaseLocation(
                    database.location.description, cachePath: directory.path("pruning.db"))
                let settings = RollupSettings(roles: .defaults, calendar: try ZoneCalendar(identifier: "UTC"))
                let summary = try await pruning.prune(before: may.next.start, settings: settings, logger: TestStore.logger)
                #expect(summary.droppedPartitions?.map(\.events) == [4])
                #expect(summary.local.deleted == 4)
                #expect(try TestStore.open(directory.path("pruning.db")).earliestEventTime() == may.start + 5_000)
                #expect(try database.query("SELECT count(*) FROM events") == ["2"])

                let fresh = try DatabaseLocation(
                    database.location.description, cachePath: directory.path("fresh.db"))
                let error = await #expect(throws: StoreError.self) { _ = try await fresh.preparedSQLitePath(logger: TestStore.logger) }
                #expect(try #require(error).description.contains("a new builder cache cannot start on"))
                #expect(!FileManager.default.fileExists(atPath: directory.path("fresh.db")))
                // The pruning builder's cache goes on syncing.
                try await store.insert(postgresSampleEvents(count: 1, from: may.next.start + 9_000))
                _ = try await pruning.preparedSQLitePath(logger: TestStore.logger)
                #expect(try TestStore.open(directory.path("pruning.db")).eventCount() == 3)
            }
        }
    }
}
