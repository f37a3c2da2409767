internal import Foundation
internal import Logging
public import Model
internal import PostgresNIO

extension PostgresEventStore {
    /// Stores a group of events in one transaction — one multi-row parameterised INSERT per
    /// ``PostgresEventRows/rowsPerStatement`` events — and returns only once it has committed:
    /// what returns is acknowledged, what throws was not stored. Returns the new ids (one per
    /// event, in no promised order).
    ///
    /// `beforeCommit` runs inside the transaction after the rows are written, before COMMIT (a
    /// test holds a transaction open with it). A partition another process dropped meanwhile is
    /// made again and the group retried once.
    @discardableResult
    public func insert(
        _ events: [TrackedEvent], receivedAt: Int64 = Clock.nowMilliseconds(),
        beforeCommit: @escaping @Sendable () async throws -> Void = {}
    ) async throws(StoreError) -> [Int64] {
        guard !events.isEmpty else { return [] }
        do {
            return try await insertOnce(events, receivedAt: receivedAt, beforeCommit: beforeCommit)
        } catch let error {
            // 23514: no partition of relation "events" found for row.
            guard case .failed(_, let reason) = error, reason.contains("SQLSTATE 23514") else { throw error }
            forgetPartitions()
            return try await insertOnce(events, receivedAt: receivedAt, beforeCommit: beforeCommit)
        }
    }

    private func insertOnce(
        _ events: [TrackedEvent], receivedAt: Int64, beforeCommit: @escaping @Sendable () async throws -> Void
    ) async throws(StoreError) -> [Int64] {
        try await ensurePartitions(for: events.lazy.map(\.timestamp))
        let logger = logger
        let path = location.description
        return try await withWatchedTransaction { connection in
            var ids: [Int64] = []
            ids.reserveCapacity(events.count)
            var start = events.startIndex
            while start < events.endIndex {
                let end = min(start + PostgresEventRows.rowsPerStatement, events.endIndex)
                let rows = try await connection.query(
                    PostgresEventRows.insertQuery(events[start..<end], receivedAt: receivedAt), logger: logger)
                for try await id in rows.decode(Int64.self) { ids.append(id) }
                start = end
            }
            // RETURNING gives one id per row; anything else must not be acknowledged (rolled back).
            guard ids.count == events.count else {
                throw StoreError.failed(
                    path: path, reason: "the INSERT returned \(ids.count) ids for \(events.count) events")
            }
            try await beforeCommit()
            return ids
        }
    }

    /// Loads events through `COPY events (…) FROM STDIN` (bulk imports): one statement, all or
    /// nothing, far cheaper per row than INSERTs. Returns the number of events stored.
    @discardableResult
    public func importCopy(
        _ events: [TrackedEvent], receivedAt: Int64 = Clock.nowMilliseconds()
    ) async throws(StoreError) -> Int {
        guard !events.isEmpty else { return 0 }
        try await ensurePartitions(for: events.lazy.map(\.timestamp))
        let logger = logger
        try await withConnection { connection in
            try await connection.copyFrom(
                table: "events", columns: PostgresEventRows.columns, format: .text(.init()), logger: logger
            ) { writer in
                var chunk = ""
                chunk.reserveCapacity(Self.copyChunkBytes + 4_096)
                for event in events {
                    PostgresEventRows.copyLine(event, receivedAt: receivedAt, into: &chunk)
                    if chunk.utf8.count >= Self.copyChunkBytes {
                        try await writer.write(ByteBuffer(string: chunk))
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
                if !chunk.isEmpty { try await writer.write(ByteBuffer(string: chunk)) }
            }
        }
        return events.count
    }

    /// Bytes of COPY data sent per message.
    static var copyChunkBytes: Int { 256 * 1024 }

    /// Refreshes the planner's statistics of `events` (`ANALYZE`), as after a bulk import: until
    /// autovacuum gets to a table COPY just filled, the planner has no statistics for it and the
    /// incremental reads' plans can sort every row after the cursor on each page.
    public func analyze() async throws(StoreError) {
        let logger = logger
        try await withConnection { connection in
            _ = try await connection.query("ANALYZE events", logger: logger)
        }
    }
}
