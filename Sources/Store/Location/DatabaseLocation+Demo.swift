public import Logging

extension DatabaseLocation {
    /// Stores `generator`'s events (`espice-analytics demo`): into the SQLite file, or into
    /// PostgreSQL through COPY. A PostgreSQL database that already holds events is refused, and so
    /// is a builder cache that holds events while the database holds none (they would be another
    /// database's, left beside the demo's); nothing is written then. Emptying an SQLite file first
    /// (`--replace`) is the caller's business. Returns the number of events stored.
    public func storeDemoEvents(_ generator: DemoGenerator, logger: Logger) async throws(StoreError) -> Int {
        switch backend {
        case .sqlite(let path):
            return try generator.write(to: AnalyticsStore(path: path, logger: logger))
        case .postgres(let location, let cachePath):
            let store = try await PostgresEventStore.open(location, poolSize: 2, logger: logger)
            do throws(StoreError) {
                let held = try await store.eventCount()
                guard held == 0 else {
                    throw StoreError.failed(
                        path: location.description,
                        reason: "already holds \(held) events; demo fills an empty database only (create another, or drop this one's events yourself)")
                }
                let cached = try AnalyticsStore(path: cachePath, logger: logger).eventCount()
                guard cached == 0 else {
                    throw StoreError.failed(
                        path: cachePath,
                        reason: "this builder cache holds \(cached) events, but \(location.description) holds none: remove the cache or pass another --cache")
                }
                let stored = try await generator.write(to: store)
                await store.close()
                return stored
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
