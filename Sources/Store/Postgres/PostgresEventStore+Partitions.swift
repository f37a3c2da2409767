internal import Logging
internal import Model
internal import PostgresNIO
internal import Synchronization

extension PostgresEventStore {
    /// Makes sure a month partition exists for every event time in `times` (UTC epoch ms).
    ///
    /// Runs in a short transaction of its own, before the events' transaction: creating a
    /// partition locks `events` exclusively for a moment, which must not wait on a transaction of
    /// ours. Safe under concurrent creators (other daemons too): they queue on an advisory lock,
    /// and a partition that exists by then is left alone.
    func ensurePartitions<Times: Sequence<Int64>>(for times: Times) async throws(StoreError) {
        let needed = Set(times.map { MonthPartition(containing: $0) })
        let missing = knownPartitions.withLock { known in needed.subtracting(known) }
        guard !missing.isEmpty else { return }
        let logger = logger
        let created: [MonthPartition] = try await withPartitionLock { connection in
            var created: [MonthPartition] = []
            for month in missing.sorted() {
                let exists = try await connection.query(
                    "SELECT to_regclass(\(month.tableName)) IS NOT NULL", logger: logger
                ).decode(Bool.self).reduce(false) { $0 || $1 }
                if exists { continue }
                // Names and bounds are made of digits only (MonthPartition); DDL takes no parameters.
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "CREATE TABLE IF NOT EXISTS \(month.tableName) PARTITION OF events "
                            + "FOR VALUES FROM (\(month.start)) TO (\(month.end))"), logger: logger)
                created.append(month)
            }
            return created
        }
        knownPartitions.withLock { $0.formUnion(missing) }
        if !created.isEmpty {
            logger.info("created event partitions", metadata: ["partitions": "\(created.map(\.tableName))"])
        }
    }

    /// Runs `body` in a transaction that holds the partition lock: whoever creates or drops
    /// partitions, in any process, queues on it.
    func withPartitionLock<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        let logger = logger
        return try await withTransaction { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(PostgresMigrations.partitionLock))", logger: logger)
            return try await body(connection)
        }
    }

    /// Forgets what is known of partitions (another process may have dropped some).
    func forgetPartitions() {
        knownPartitions.withLock { $0.removeAll() }
    }

    /// The month partitions of `events`, oldest first, with their events counted.
    public func partitions() async throws(StoreError) -> [(partition: MonthPartition, events: Int)] {
        let logger = logger
        let months = try await withConnection { connection in
            try await Self.partitionsOfEvents(connection, logger: logger)
        }
        var result: [(partition: MonthPartition, events: Int)] = []
        for month in months {
            let count = try await withConnection { connection in
                try await Self.count(month, connection, logger: logger)
            }
            result.append((month, count))
        }
        return result
    }

    /// The month partitions attached to `events` (from the catalog, `pg_inherits`), oldest first.
    static func partitionsOfEvents(_ connection: PostgresConnection, logger: Logger) async throws -> [MonthPartition] {
        var months: [MonthPartition] = []
        let rows = try await connection.query(
            """
            SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'events'::regclass
            """, logger: logger)
        for try await name in rows.decode(String.self) {
            if let month = MonthPartition(tableName: name) { months.append(month) }
        }
        return months.sorted()
    }

    /// The number of events in one partition.
    static func count(_ month: MonthPartition, _ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(month.tableName)"), logger: logger)
        var count = 0
        for try await value in rows.decode(Int64.self) { count = Int(value) }
        return count
    }
}
