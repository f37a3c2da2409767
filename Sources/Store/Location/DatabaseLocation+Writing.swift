public import Logging

extension DatabaseLocation {
    /// Imports NDJSON or CSV sources: into the SQLite file (``EventImporter/run(_:into:standardInput:progress:)``),
    /// or into PostgreSQL through COPY (``EventImporter/run(_:into:standardInput:progress:)-PostgreSQL``).
    public func importEvents(
        _ sources: [ImportSource], options: ImportOptions, logger: Logger,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportSummary {
        let importer = EventImporter(options: options)
        switch backend {
        case .sqlite(let path):
            let store = try AnalyticsStore(path: path, logger: logger)
            return try importer.run(sources, into: store, progress: progress)
        case .postgres(let location, _):
            let store = try await PostgresEventStore.open(location, poolSize: 2, logger: logger)
            do {
                let summary = try await importer.run(sources, into: store, progress: progress)
                await store.close()
                return summary
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
