internal import Logging
internal import PostgresNIO
internal import Synchronization

/// A month partition removed by ``PostgresEventStore/dropPartitions(olderThan:)``.
public struct DroppedPartition: Sendable, Hashable {
    public var partition: MonthPartition
    /// The events it held.
    public var events: Int
}

extension PostgresEventStore {
    /// Removes the raw events of every month that ends at or before `cutoff` (UTC epoch ms):
    /// whole partitions are detached and dropped, which costs no row-by-row delete, no table
    /// bloat and no vacuum. A month that straddles the cutoff is kept whole. Returns what was
    /// dropped, oldest first.
    ///
    /// One transaction under the partition lock: all of them or none, with the `retention` row
    /// (``rawRetention()``) that makes builder caches that never synced refuse to start over.
    /// Detaching locks `events` exclusively until the end of it, so writers wait for that moment.
    /// Whatever was folded from these events (rollups) is not touched here.
    ///
    /// With `copiedUpTo` (the cursor of a builder cache that has just synced and folded), a month
    /// holding an event that cursor has not returned — one committed since the sync, such as a
    /// late event with an old time — is not dropped: the whole call throws
    /// ``StoreError/failed(path:reason:)`` and drops nothing, and the caller syncs again. The check
    /// runs after the detach, which locks the partitions, so no event slips in between.
    public func dropPartitions(
        olderThan cutoff: Int64, copiedUpTo cursor: PostgresEventCursor? = nil
    ) async throws(StoreError) -> [DroppedPartition] {
        let logger = logger
        let location = location
        let dropped: [DroppedPartition] = try await withPartitionLock { connection in
            var dropped: [DroppedPartition] = []
            for month in try await Self.partitionsOfEvents(connection, logger: logger) where month.end <= cutoff {
                // Names are made of digits only (MonthPartition); DDL takes no parameters.
                try await connection.query(
                    PostgresQuery(unsafeSQL: "ALTER TABLE events DETACH PARTITION \(month.tableName)"),
                    logger: logger)
                let events = try await Self.count(month, connection, logger: logger)
                if let cursor {
                    guard !cursor.isPaging else { throw StoreError.failed(path: "\(location)", reason: "the builder cache is still syncing") }
                    let unseen = try await connection.query(
                        PostgresQuery(
                            unsafeSQL: "SELECT count(*) FROM \(month.tableName) WHERE NOT pg_visible_in_snapshot(xact_id, $1::pg_snapshot)",
                            binds: Self.binds(cursor.seen)),
                        logger: logger
                    ).decode(Int64.self).reduce(0) { $0 + $1 }
                    if unseen > 0 { throw StoreError.failed(path: "\(location)", reason: Self.unsyncedReason) }
                }
                try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(month.tableName)"), logger: logger)
                dropped.append(DroppedPartition(partition: month, events: events))
            }
            if let last = dropped.last {
                let events = Int64(dropped.reduce(0) { $0 + $1.events })
                let now = Clock.nowMilliseconds()
                try await connection.query(
                    """
                    INSERT INTO retention (id, raw_since, pruned_events, pruned_at)
                    VALUES (1, \(last.partition.end), \(events), \(now))
                    ON CONFLICT (id) DO UPDATE SET raw_since = greatest(retention.raw_since, excluded.raw_since),
                        pruned_events = retention.pruned_events + excluded.pruned_events, pruned_at = excluded.pruned_at
                    """, logger: logger)
            }
            return dropped
        }
        let months = Set(dropped.map(\.partition))
        knownPartitions.withLock { $0.subtract(months) }
        if !dropped.isEmpty {
            logger.info(
                "dropped event partitions",
                metadata: [
                    "partitions": "\(dropped.map(\.partition.tableName))",
                    "events": "\(dropped.reduce(0) { $0 + $1.events })",
                ])
        }
        return dropped
    }

    /// Why ``dropPartitions(olderThan:copiedUpTo:)`` dropped nothing: events came in since the sync.
    static let unsyncedReason = "events were committed to the months to drop since the builder cache synced; nothing was dropped"

    static func binds(_ text: String) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(text)
        return bindings
    }

    /// Where the raw events begin after a prune (UTC epoch ms, a month start), and how many
    /// were dropped; nil when no partition was ever dropped.
    public func rawRetention() async throws(StoreError) -> (rawSince: Int64, prunedEvents: Int)? {
        let logger = logger
        return try await withConnection { connection in
            var found: (Int64, Int)?
            for try await (since, events) in try await connection.query(
                "SELECT raw_since, pruned_events FROM retention WHERE id = 1", logger: logger
            ).decode((Int64, Int64).self) {
                found = (since, Int(events))
            }
            return found.map { (rawSince: $0.0, prunedEvents: $0.1) }
        }
    }
}
