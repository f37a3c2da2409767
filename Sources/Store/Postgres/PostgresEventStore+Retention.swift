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
    /// One transaction under the partition lock: all of them or none. Detaching locks `events`
    /// exclusively until the end of it, so writers wait for that moment. Whatever was folded from
    /// these events (rollups) is not touched here.
    public func dropPartitions(olderThan cutoff: Int64) async throws(StoreError) -> [DroppedPartition] {
        let logger = logger
        let dropped: [DroppedPartition] = try await withPartitionLock { connection in
            var dropped: [DroppedPartition] = []
            for month in try await Self.partitionsOfEvents(connection, logger: logger) where month.end <= cutoff {
                let events = try await Self.count(month, connection, logger: logger)
                // Names are made of digits only (MonthPartition); DDL takes no parameters.
                try await connection.query(
                    PostgresQuery(unsafeSQL: "ALTER TABLE events DETACH PARTITION \(month.tableName)"),
                    logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE \(month.tableName)"), logger: logger)
                dropped.append(DroppedPartition(partition: month, events: events))
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
}
