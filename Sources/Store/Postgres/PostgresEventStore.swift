public import Logging
internal import PostgresNIO
internal import Synchronization

/// The events in a PostgreSQL database (issue 17: several ingest daemons on one shared store).
///
/// Owns a bounded pool of connections (a PostgresNIO `PostgresClient`, run in a task of its
/// own). Opening checks that the server answers, then applies the missing migrations
/// (``PostgresMigrations``) over one connection of its own; call ``close()`` when done. Events are
/// partitioned by month of their time; partitions are created on demand (``MonthPartition``).
///
/// Writes: ``insert(_:receivedAt:beforeCommit:)`` (group commit: one multi-row INSERT per group,
/// returned from only after COMMIT) and ``importCopy(_:receivedAt:)`` (COPY FROM STDIN).
/// Reads: ``committedEvents(after:limit:)``, exactly once under concurrent writers. Retention:
/// ``dropPartitions(olderThan:)``.
public final class PostgresEventStore: Sendable {
    public let location: PostgresLocation
    /// The migrations this open applied (empty when the schema was already current).
    public let migrationsApplied: [String]
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Month partitions known to exist (created or seen here); others are checked, then created.
    let knownPartitions = Mutex<Set<MonthPartition>>([])

    /// Connects to `location`, migrates, and starts a pool of at most `poolSize` connections.
    /// Fails with ``StoreError/cannotOpen(path:reason:)`` when the server cannot be reached or
    /// refuses the login, naming the server and the cause.
    public static func open(
        _ location: PostgresLocation, poolSize: Int = 8, logger: Logger
    ) async throws(StoreError) -> PostgresEventStore {
        // The pool's task starts first, so that it runs by the time the first query leases.
        let client = PostgresClient(
            configuration: location.clientConfiguration(poolSize: poolSize), backgroundLogger: logger)
        let runner = Task { await client.run() }
        let applied: [String]
        do {
            applied = try await migrate(location, logger: logger)
        } catch {
            runner.cancel()
            await runner.value
            throw error
        }
        if !applied.isEmpty {
            logger.info("PostgreSQL schema migrated", metadata: ["database": "\(location)", "applied": "\(applied)"])
        }
        return PostgresEventStore(location: location, client: client, runner: runner, applied: applied, logger: logger)
    }

    private init(
        location: PostgresLocation, client: PostgresClient, runner: Task<Void, Never>, applied: [String], logger: Logger
    ) {
        self.location = location
        self.client = client
        self.runner = runner
        self.migrationsApplied = applied
        self.logger = logger
    }

    /// Closes every connection once the running queries are done; the store is unusable after.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    deinit {
        runner.cancel()
    }

    /// Applies the missing migrations over one connection outside the pool, which also tells
    /// at once (rather than after the pool's retries) whether the server can be reached.
    private static func migrate(_ location: PostgresLocation, logger: Logger) async throws(StoreError) -> [String] {
        let configuration = try location.connectionConfiguration()
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw PostgresErrorText.storeError(error, location: location, connecting: true)
        }
        do {
            let applied = try await PostgresMigrations.apply(
                on: connection, target: location.description, logger: logger)
            try? await connection.close()
            return applied
        } catch {
            try? await connection.close()
            throw PostgresErrorText.storeError(error, location: location)
        }
    }

    /// Runs `body` with a pooled connection, translating every error into a ``StoreError``.
    func withConnection<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresErrorText.storeError(error, location: location)
        }
    }

    /// Runs `body` in a transaction on a pooled connection: COMMIT when it returns, ROLLBACK
    /// when it throws.
    func withTransaction<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        let logger = logger
        return try await withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }

    /// The number of stored events.
    public func eventCount() async throws(StoreError) -> Int {
        try await withConnection { connection in
            var count = 0
            for try await value in try await connection.query("SELECT count(*) FROM events", logger: logger)
                .decode(Int64.self)
            {
                count = Int(value)
            }
            return count
        }
    }
}
