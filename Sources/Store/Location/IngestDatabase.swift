internal import Foundation
public import Logging

/// What the ingest daemon runs on, whichever the backend: where it writes
/// (``writer``), and the SQLite database its read API, health count and configs use
/// (``readStore``: the file itself, or for PostgreSQL the daemon's builder cache).
public final class IngestDatabase: Sendable {
    /// The SQLite path, or the PostgreSQL URL without password.
    public let description: String
    public let readStore: AnalyticsStore
    public let writer: any EventGroupWriter
    /// How commits are made durable, for `GET /health`: SQLite's `synchronous` of the writer, or
    /// `postgresql` (acknowledged after the server's COMMIT).
    public let synchronous: String
    let cache: BuilderCache?

    init(description: String, readStore: AnalyticsStore, writer: any EventGroupWriter, synchronous: String, cache: BuilderCache?) {
        self.description = description
        self.readStore = readStore
        self.writer = writer
        self.synchronous = synchronous
        self.cache = cache
    }

    /// Brings ``readStore`` up to date before a read: for PostgreSQL, copies into the cache what
    /// every daemon committed since the last sync; nothing to do for SQLite. Returns the events copied.
    @discardableResult
    public func syncForReading() async throws(StoreError) -> Int {
        guard let cache else { return 0 }
        return try await cache.sync()
    }

    /// Closes the PostgreSQL pool (after the writer has drained).
    public func close() async {
        await cache?.source.close()
    }
}

extension DatabaseLocation {
    /// Opens the database for the ingest daemon: the SQLite file with `durability` on its writer,
    /// or PostgreSQL with a pool of `poolSize` connections plus the daemon's builder cache.
    public func openForIngest(
        durability: AnalyticsStore.Durability, poolSize: Int = 8, logger: Logger
    ) async throws(StoreError) -> IngestDatabase {
        switch backend {
        case .sqlite(let path):
            let store = try AnalyticsStore(path: path, durability: durability, logger: logger)
            try store.applyWriterDurability(durability)
            return IngestDatabase(
                description: path, readStore: store, writer: store, synchronous: try store.writerSynchronous(), cache: nil)
        case .postgres(let location, let cachePath):
            let source = try await PostgresEventStore.open(location, poolSize: poolSize, logger: logger)
            let cache: AnalyticsStore
            do {
                cache = try AnalyticsStore(path: cachePath, logger: logger)
            } catch {
                await source.close()
                throw error
            }
            return IngestDatabase(
                description: location.description, readStore: cache, writer: PostgresGroupWriter(store: source),
                synchronous: "postgresql", cache: BuilderCache(source: source, cache: cache))
        }
    }
}
