public import Model
internal import GRDB
internal import Foundation

extension AnalyticsStore {
    /// Stores events in one transaction: all of them or, on any error, none. Returns their ids
    /// in order.
    @discardableResult
    public func insert(_ events: [TrackedEvent], receivedAt: Int64 = Clock.nowMilliseconds()) throws(StoreError) -> [Int64] {
        try write { db in
            let inserter = try EventInserter(db, receivedAt: receivedAt)
            return try events.map { try inserter.insert($0, in: db) }
        }
    }

    /// Stores a batch in one transaction, all or nothing, through multi-row inserts (bulk loads:
    /// import and demo; ids are not returned). With `inTimeOrder` (imports), the batch goes in by
    /// event time, so ids within one batch follow time rather than the file's order (see
    /// ``EventInserter/insertAll(_:inTimeOrder:in:)``).
    func insertBatch(_ events: [TrackedEvent], inTimeOrder: Bool = true, receivedAt: Int64) throws(StoreError) {
        try write { db in
            try EventInserter(db, receivedAt: receivedAt).insertAll(events, inTimeOrder: inTimeOrder, in: db)
        }
    }

    /// The span of event ids, first to last: the number of events unless some were pruned (an
    /// upper bound then), read from the ends of the table in two steps rather than a count.
    func eventIdSpan() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT coalesce((SELECT max(id) FROM events) - (SELECT min(id) FROM events) + 1, 0)") ?? 0 }
    }

    /// Stores `count` events, the `position`th given by `event(position)`, in one transaction.
    func insertEvents(count: Int, receivedAt: Int64, _ event: (Int) -> TrackedEvent) throws(StoreError) {
        try write { db in
            try EventInserter(db, receivedAt: receivedAt).insertAll(count: count, in: db, event)
        }
    }

    /// Inserts the records of an import's sort file in one transaction, bound from their bytes
    /// (``SpillCodec/bind(_:to:row:receivedAt:)``); false, with nothing inserted, when a record
    /// cannot be read.
    func insertSpilled(_ slice: SpillSlice, receivedAt: Int64) throws(StoreError) -> Bool {
        try slice.withPayloads { payload throws(StoreError) in try insertRecords(count: slice.count, receivedAt: receivedAt, payload) }
    }

    /// Inserts `count` records in one transaction, the payload of the `position`th given by
    /// `payload(position)` and bound from its bytes; false, with nothing inserted, when a record
    /// cannot be read.
    func insertRecords(count: Int, receivedAt: Int64, _ payload: (Int) -> UnsafeBufferPointer<UInt8>) throws(StoreError) -> Bool {
        var unreadable = false
        do {
            try write { db in
                try EventInserter(db, receivedAt: receivedAt).insertRows(count: count, in: db) { position, handle, row in
                    let bound = SpillCodec.bind(payload(position), to: handle, row: row, receivedAt: receivedAt)
                    unreadable = !bound
                    return bound
                }
            }
        } catch {
            if unreadable { return false }
            throw error
        }
        return true
    }

    /// Runs `body` inside one write transaction with a ``EventSink`` to insert through; an error
    /// thrown anywhere rolls back everything `body` inserted.
    public func withEventTransaction<T>(
        receivedAt: Int64 = Clock.nowMilliseconds(), _ body: (EventSink) throws -> T
    ) throws -> T {
        do {
            return try pool.write { db in
                let sink = EventSink(inserter: try EventInserter(db, receivedAt: receivedAt), db: db)
                return try body(sink)
            }
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        }
    }

    /// Runs `body` with the writer connection tuned for a bulk load, then restores it: a WAL
    /// of up to 64 MiB between automatic checkpoints (fewer, larger checkpoints and fsyncs) and
    /// a 32 MiB page cache (SQLite's default 2 MiB cannot hold the time index's pages that a batch
    /// of events in random time order touches, and every miss rereads and rewrites a page). What a
    /// commit guarantees is unchanged: each transaction is whole.
    func withBulkImportSettings<T>(_ body: () throws -> T) throws -> T {
        do {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384; PRAGMA cache_size = -32768")
            }
        } catch {
            throw Self.translate(error, path: path)
        }
        defer {
            try? pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000; PRAGMA cache_size = -2000")
            }
        }
        return try body()
    }

    /// The number of stored events.
    public func eventCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0 }
    }

    /// How many events fall in `window` (`[start, end)`, by event time).
    public func eventCount(in window: TimeWindow) throws(StoreError) -> Int {
        try read { db in
            let (condition, arguments) = EventTimeIndex.window(window.start, window.end)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE \(condition)", arguments: StatementArguments(arguments)) ?? 0
        }
    }

    /// Stored events in id order (tests, exports of raw data); `limit` bounds memory.
    public func events(afterId: Int64 = 0, limit: Int = 10_000) throws(StoreError) -> [StoredEvent] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?", arguments: [afterId, limit]
            ).map(StoredEvent.init(row:))
        }
    }
}

/// Inserts events into the transaction of ``AnalyticsStore/withEventTransaction(receivedAt:_:)``.
public struct EventSink {
    let inserter: EventInserter
    let db: Database

    @discardableResult
    public func insert(_ event: TrackedEvent) throws -> Int64 {
        try inserter.insert(event, in: db)
    }

    /// Inserts many events through multi-row statements (ids are not returned).
    func insertAll(_ events: [TrackedEvent]) throws {
        try inserter.insertAll(events, inTimeOrder: true, in: db)
    }
}

/// Wall-clock time in UTC epoch milliseconds.
public enum Clock {
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
