public import Logging

/// What `db prune` did on either backend.
public struct PruneSummary: Sendable {
    /// The cutoff: raw events before it are gone (UTC epoch ms, a local midnight).
    public var cutoff: Int64
    /// The SQLite database's prune, or for PostgreSQL the builder cache's.
    public var local: PruneResult
    /// PostgreSQL only: the month partitions dropped (whole months that end by the cutoff).
    public var droppedPartitions: [DroppedPartition]?
}

extension DatabaseLocation {
    /// `db prune`: removes the raw events before `cutoff` once their figures are in the rollups.
    ///
    /// SQLite: ``AnalyticsStore/pruneRawEvents(before:settings:batchSize:)``. PostgreSQL: the
    /// builder cache is synced and folded and its raw events pruned the same way; then every
    /// month partition that ends by the cutoff is dropped — only if the cache has every event in
    /// it (``PostgresEventStore/dropPartitions(olderThan:copiedUpTo:)``), else it syncs and tries
    /// again, up to `attempts` times. The cache is then the one copy of those months' figures.
    public func prune(
        before cutoff: Int64, settings: RollupSettings, logger: Logger, attempts: Int = 5
    ) async throws(StoreError) -> PruneSummary {
        switch backend {
        case .sqlite(let path):
            let store = try AnalyticsStore(path: path, logger: logger)
            return PruneSummary(cutoff: cutoff, local: try store.pruneRawEvents(before: cutoff, settings: settings))
        case .postgres(let location, let cachePath):
            let source = try await PostgresEventStore.open(location, poolSize: 2, logger: logger)
            do {
                let cache = try AnalyticsStore(path: cachePath, logger: logger)
                var attempt = 0
                var local = PruneResult(deleted: 0, folded: 0, retention: nil)
                while true {
                    attempt += 1
                    try await BuilderCache(source: source, cache: cache).sync()
                    let cursor = try cache.postgresCursor(server: location.serverIdentity)
                    let pruned = try cache.pruneRawEvents(before: cutoff, settings: settings)
                    local = PruneResult(
                        deleted: local.deleted + pruned.deleted, folded: local.folded + pruned.folded, retention: pruned.retention)
                    do {
                        let dropped = try await source.dropPartitions(olderThan: cutoff, copiedUpTo: cursor)
                        await source.close()
                        return PruneSummary(cutoff: cutoff, local: local, droppedPartitions: dropped)
                    } catch .failed(_, let reason) where reason == PostgresEventStore.unsyncedReason && attempt < attempts {
                        logger.info("events arrived in the months to drop during the prune; syncing again")
                    }
                }
            } catch {
                await source.close()
                throw error
            }
        }
    }
}
