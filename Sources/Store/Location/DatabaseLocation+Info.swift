public import Logging

/// What `db info` shows of a PostgreSQL database (issue 17).
public struct PostgresInfo: Sendable, Hashable, Codable {
    /// The URL without its password.
    public var database: String
    public var eventCount: Int
    /// Each month partition (`events_yYYYYmMM`) with its events, oldest first.
    public var partitions: [Partition]
    /// Set once partitions were dropped by `db prune`: the first month kept (UTC epoch ms).
    public var rawSince: Int64?
    public var prunedEvents: Int?
    /// Every migration the server's schema records, in this version's order.
    public var migrations: [String]
    /// The builder cache reads go through.
    public var cache: String

    public struct Partition: Sendable, Hashable, Codable {
        public var name: String
        public var events: Int
    }

    enum CodingKeys: String, CodingKey {
        case database
        case eventCount = "event_count"
        case partitions
        case rawSince = "raw_since"
        case prunedEvents = "pruned_events"
        case migrations
        case cache
    }
}

extension DatabaseLocation {
    /// The PostgreSQL database's events, partitions and retention (migrating it first, as every
    /// open does); nil for an SQLite database.
    public func postgresInfo(logger: Logger) async throws(StoreError) -> PostgresInfo? {
        guard case .postgres(let location, let cachePath) = backend else { return nil }
        let source = try await PostgresEventStore.open(location, poolSize: 2, logger: logger)
        do {
            let partitions = try await source.partitions()
            let retention = try await source.rawRetention()
            await source.close()
            return PostgresInfo(
                database: location.description, eventCount: partitions.reduce(0) { $0 + $1.events },
                partitions: partitions.map { PostgresInfo.Partition(name: $0.partition.tableName, events: $0.events) },
                rawSince: retention?.rawSince, prunedEvents: retention?.prunedEvents,
                migrations: PostgresEventStore.knownMigrations, cache: cachePath)
        } catch {
            await source.close()
            throw error
        }
    }
}

extension PostgresEventStore {
    /// The migrations this version knows, in order (an open applies the missing ones, and
    /// refuses a database recording one it does not know).
    public static var knownMigrations: [String] { PostgresMigrations.all.map(\.name) }
}
