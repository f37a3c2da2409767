import Foundation
import Model
import Store
import Testing

/// Incremental reading under concurrent writers, and retention, on a real PostgreSQL server.
@Suite("PostgreSQL incremental reads and retention")
struct PostgresTestsReading {
    @Test("An event whose transaction commits after a later one is read exactly once, after its commit")
    func outOfOrderCommitIsCountedOnce() async throws {
        try await ScratchDatabase.with { database in
            try await database.withStore(poolSize: 4) { store in
                let start = try await store.committedEvents(after: .start)
                #expect(start.events.isEmpty)
                // Connection A: BEGIN, insert (takes the lower id), stay open until released.
                let (inserted, insertedSignal) = AsyncStream.makeStream(of: Void.self)
                let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
                let first = TrackedEvent(eventType: "document_processed", timestamp: june1Noon)
                let holder = Task {
                    try await store.insert([first]) {
                        insertedSignal.yield()
                        for await _ in release { break }
                    }
                }
                for await _ in inserted { break }
                // Connection B: a later event, committed while A is still open.
                let second = TrackedEvent(eventType: "error_occurred", timestamp: june1Noon + 1_000)
                let secondIds = try await store.insert([second])

                let whileOpen = try await store.committedEvents(after: start.cursor)
                #expect(whileOpen.events.map(\.event) == [second])
                #expect(whileOpen.events.map(\.id) == secondIds)

                releaseSignal.yield()
                let firstIds = try await holder.value
                // The point of the test: A's id is below B's, so a watermark at B's id would skip A.
                #expect(try #require(firstIds.first) < (try #require(secondIds.first)))

                let afterCommit = try await store.committedEvents(after: whileOpen.cursor)
                #expect(afterCommit.events.map(\.event) == [first])
                #expect(afterCommit.events.map(\.id) == firstIds)
                let third = try await store.committedEvents(after: afterCommit.cursor)
                #expect(third.events.isEmpty)

                let all = (whileOpen.events + afterCommit.events + third.events).map(\.id)
                #expect(all.sorted() == (firstIds + secondIds).sorted())
                #expect(try database.query("SELECT count(*) FROM events") == ["2"])
            }
        }
    }

    /// Transaction ids are compared as numbers, not as text: with `ORDER BY` on the select
    /// list's `xact_id::text`, a page of one event ending at id 10000 would have skipped 9997 …
    /// 9999 (`"10000" < "9997"`). The server's ids are moved to just below the next power of ten
    /// (a procedure committing one transaction per step), then events go in one transaction
    /// each, so that their ids straddle it, and are read one a page.
    @Test("Pages follow transaction ids as numbers where they gain a digit: none is skipped")
    func pagesCrossAPowerOfTenOfTransactionIds() async throws {
        try await ScratchDatabase.with { database in
            try await database.withStore(poolSize: 2) { store in
                // The partition and the migrations first, so that nothing but the events below
                // takes transaction ids once they are moved.
                var ids = try await store.insert([TrackedEvent(eventType: "login", timestamp: june1Noon)])
                let currentText = try database.query("SELECT pg_current_xact_id()").first ?? ""
                let current = try #require(UInt64(currentText), "not a transaction id: \(currentText)")
                var boundary: UInt64 = 10
                while boundary <= current + 8 { boundary *= 10 }
                // Four of the eight events below the boundary when nothing else takes an id
                // meanwhile (the procedure's creation takes one); up to three strays are absorbed.
                let steps = boundary - current - 6
                try #require(steps < 20_000_000, "the test server's transaction ids are at \(current); start a new one")
                _ = try database.query("""
                    CREATE PROCEDURE move_transaction_ids(n bigint) LANGUAGE plpgsql AS $$
                    BEGIN FOR i IN 1..n LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$
                    """)
                _ = try database.query("CALL move_transaction_ids(\(steps))")
                for index in 1...8 {
                    ids += try await store.insert([TrackedEvent(eventType: "login", timestamp: june1Noon + Int64(index) * 1_000)])
                }
                let transactions = try database.query("SELECT xact_id::text FROM events").compactMap { UInt64($0) }
                try #require(
                    transactions.contains { $0 < boundary && $0 > current } && transactions.contains { $0 >= boundary },
                    "the events' transactions \(transactions.sorted()) do not straddle \(boundary)")
                let read = try await drain(store, from: .start, limit: 1)
                #expect(read.events.map(\.id).sorted() == ids.sorted())
            }
        }
    }

    @Test("Concurrent writers and a paging reader: every inserted id is read exactly once")
    func concurrentWritersAreReadExactlyOnce() async throws {
        let writers = 4
        let groups = 15
        let groupSize = 20
        try await ScratchDatabase.with { database in
            try await database.withStore(poolSize: 6) { store in
                let finished = WritersFinished()
                let writing = Task {
                    defer { Task { await finished.set() } }
                    return try await withThrowingTaskGroup(of: [Int64].self) { group in
                        for writer in 0..<writers {
                            group.addTask {
                                var ids: [Int64] = []
                                for round in 0..<groups {
                                    let start = june1Noon + Int64((writer * groups + round) * groupSize) * 60_000
                                    ids += try await store.insert(postgresSampleEvents(count: groupSize, from: start))
                                }
                                return ids
                            }
                        }
                        var ids: [Int64] = []
                        for try await written in group { ids += written }
                        return ids
                    }
                }
                // Read while they write, in pages smaller than a group.
                var cursor = PostgresEventCursor.start
                var read: [Int64] = []
                var readsDuringWrites = 0
                while await !finished.value {
                    let page = try await store.committedEvents(after: cursor, limit: 7)
                    read += page.events.map(\.id)
                    cursor = page.cursor
                    readsDuringWrites += 1
                }
                let inserted = try await writing.value
                read += try await drain(store, from: cursor, limit: 7).events.map(\.id)
                #expect(inserted.count == writers * groups * groupSize)
                #expect(Set(read).count == read.count, "an event was read twice")
                let missing = Set(inserted).subtracting(read).sorted()
                let extra = Set(read).subtracting(inserted).sorted()
                #expect(
                    missing.isEmpty && extra.isEmpty,
                    "missing \(missing.count): \(missing.prefix(30)); extra \(extra.prefix(30))")
                #expect(readsDuringWrites > 1)
                #expect(try database.query("SELECT count(*) FROM events") == ["\(inserted.count)"])
            }
        }
    }

    @Test("Retention drops whole months older than the cutoff and reports what they held")
    func retentionDropsWholeOldMonths() async throws {
        let april = MonthPartition(year: 2025, month: 4)
        let may = april.next
        let june = may.next
        try await ScratchDatabase.with { database in
            try await database.withStore { store in
                try await database.withStore { other in
                    try await store.insert(postgresSampleEvents(count: 3, from: april.start + 5_000))
                    try await store.insert(postgresSampleEvents(count: 4, from: may.start + 5_000))
                    try await store.insert(postgresSampleEvents(count: 5, from: june.start + 5_000))
                    // Another process has May's partition in mind when it goes.
                    try await other.insert(postgresSampleEvents(count: 1, from: may.start + 9_000))

                    let dropped = try await store.dropPartitions(olderThan: june.start + 86_400_000)
                    #expect(dropped.map { "\($0.partition)=\($0.events)" } == ["\(april)=3", "\(may)=5"])
                    #expect(
                        try database.query("SELECT tableoid::regclass, count(*) FROM events GROUP BY 1")
                            == ["events_y2025m06|5"])
                    #expect(try await store.dropPartitions(olderThan: june.start + 86_400_000).isEmpty)

                    // A late May event still goes in: its partition is made again, in this process and the other.
                    try await store.insert(postgresSampleEvents(count: 1, from: may.start + 1))
                    try await other.insert(postgresSampleEvents(count: 1, from: may.start + 2))
                    #expect(try await store.partitions().map { "\($0.partition)=\($0.events)" } == [
                        "events_y2025m05=2", "events_y2025m06=5",
                    ])
                }
            }
        }
    }
}

/// Set once the writers of a test are done.
private actor WritersFinished {
    private(set) var value = false
    func set() { value = true }
}
