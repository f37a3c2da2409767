internal import Logging
internal import PostgresNIO

extension PostgresEventStore {
    /// The events committed since `cursor`, each returned exactly once over successive calls,
    /// however transactions interleave and whatever order they commit in.
    ///
    /// Every row carries the id of the transaction that wrote it (`xact_id`). A read takes a
    /// snapshot S (REPEATABLE READ) and returns the rows S shows whose transaction the cursor's
    /// snapshot did not show yet (`pg_visible_in_snapshot`); the next cursor is S. A transaction
    /// still running at S is not shown by S, so its rows come in the first read after it commits;
    /// one that committed before the cursor's snapshot was returned then. Rows of transactions
    /// older than the cursor snapshot's xmin were all shown by it, so the index on
    /// (`xact_id`, `id`) skips them. Unlike a watermark at the oldest running transaction, a long
    /// transaction delays only its own rows.
    ///
    /// At most `limit` events per call, in (transaction, id) order; a full page returns a cursor
    /// that goes on with the same snapshot (``PostgresEventCursor/isPaging``). No events means
    /// caught up: nothing committed before this call is left unread.
    public func committedEvents(
        after cursor: PostgresEventCursor, limit: Int = 10_000
    ) async throws(StoreError) -> PostgresCommittedEvents {
        let page = try await page(after: cursor, limit: limit)
        // The last page of a snapshot may be empty (the one before ended exactly at the limit):
        // go on at once from a new snapshot, so that an empty answer always means caught up.
        if page.events.isEmpty && cursor.isPaging {
            return try await self.page(after: page.cursor, limit: limit)
        }
        return page
    }

    private func page(
        after cursor: PostgresEventCursor, limit: Int
    ) async throws(StoreError) -> PostgresCommittedEvents {
        let logger = logger
        return try await withTransaction { connection in
            try await connection.query(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let target: String
            if let paging = cursor.target {
                target = paging
            } else {
                target = try await Self.currentSnapshot(connection, logger: logger)
            }
            // After (afterTransaction, afterId) in (xact_id, id) order. ORDER BY names the table's
            // columns: the select list's `xact_id::text` is an output column also called
            // `xact_id`, and a bare `ORDER BY xact_id` sorted by that text — `10000` before `9999`
            // — so a page that ended among longer ids skipped the shorter ones after it (likely
            // the lost run of rows the concurrent-writers test once showed: the test server's
            // transaction ids cross powers of ten as the suite runs), and the partitions could not be merged
            // in index order (every page sorted all the rows after the cursor: 0.1–0.2 s a page
            // at 1M events, against 7 ms now).
            let after = String(cursor.afterTransaction)
            let rows = try await connection.query(
                """
                SELECT \(unescaped: PostgresEventRows.selectList) FROM events
                WHERE xact_id >= greatest(pg_snapshot_xmin(\(cursor.seen)::pg_snapshot), \(after)::xid8)
                  AND xact_id < pg_snapshot_xmax(\(target)::pg_snapshot)
                  AND (xact_id > \(after)::xid8 OR id > \(cursor.afterId))
                  AND NOT pg_visible_in_snapshot(xact_id, \(cursor.seen)::pg_snapshot)
                  AND pg_visible_in_snapshot(xact_id, \(target)::pg_snapshot)
                ORDER BY events.xact_id, events.id
                LIMIT \(Int64(max(1, limit)))
                """, logger: logger)
            var events: [StoredEvent] = []
            var last: (transaction: UInt64, id: Int64)?
            for try await row in rows {
                let (event, transaction) = try PostgresEventRows.storedEvent(row)
                events.append(event)
                last = (transaction, event.id)
            }
            let next: PostgresEventCursor
            if events.count >= max(1, limit), let last {
                next = PostgresEventCursor(
                    seen: cursor.seen, target: target, afterTransaction: last.transaction, afterId: last.id)
            } else {
                next = PostgresEventCursor(seen: target, target: nil, afterTransaction: 0, afterId: 0)
            }
            return PostgresCommittedEvents(events: events, cursor: next)
        }
    }

    /// This transaction's snapshot, as text (`xmin:xmax:xip,…`).
    private static func currentSnapshot(_ connection: PostgresConnection, logger: Logger) async throws -> String {
        var snapshot = ""
        for try await text in try await connection.query("SELECT pg_current_snapshot()::text", logger: logger)
            .decode(String.self)
        {
            snapshot = text
        }
        return snapshot
    }
}
