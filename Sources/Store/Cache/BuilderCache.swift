internal import Foundation
internal import Logging
internal import Model

/// A builder's local SQLite copy of a PostgreSQL database's events (docs/architecture.md): an
/// ordinary ESpice database whose `events` are appended in sync order, so its ids, the rollups'
/// id watermark and every report work exactly as on SQLite.
///
/// ``sync(pageSize:)`` reads ``PostgresEventStore/committedEvents(after:limit:)`` pages and stores
/// each page together with the cursor after it in one SQLite transaction: a crash neither loses
/// nor doubles a page. Two processes syncing one cache cannot double a page either: the page is
/// stored only if the cursor is still the one it was read after.
public struct BuilderCache: Sendable {
    public let source: PostgresEventStore
    public let cache: AnalyticsStore

    public init(source: PostgresEventStore, cache: AnalyticsStore) {
        self.source = source
        self.cache = cache
    }

    /// Copies every event committed in PostgreSQL since the last sync; returns how many.
    /// Refuses a cache that was filled from another PostgreSQL database.
    @discardableResult
    public func sync(pageSize: Int = 10_000) async throws(StoreError) -> Int {
        let server = source.location.serverIdentity
        var copied = 0
        var retries = 0
        if try cache.postgresCursor(server: server) == .start { try await Self.refuseNewCache(cache.path, of: source) }
        while true {
            let cursor = try cache.postgresCursor(server: server)
            let page = try await source.committedEvents(after: cursor, limit: pageSize)
            if page.events.isEmpty && page.cursor == cursor { return copied }
            let stored = try cache.appendSynced(page.events, after: cursor, next: page.cursor, server: server)
            if stored {
                copied += page.events.count
                if page.events.isEmpty { return copied }
            } else {
                // Another process stored this page first: read on from its cursor.
                retries += 1
                if retries > 1_000 {
                    throw .failed(path: cache.path, reason: "the builder cache keeps changing under this sync")
                }
            }
        }
    }
}

extension BuilderCache {
    /// Throws when `source` was pruned (`db prune` dropped partitions): a cache that never synced
    /// would start without the figures of those events, which live only in the pruning builder's
    /// cache.
    static func refuseNewCache(_ cachePath: String, of source: PostgresEventStore) async throws(StoreError) {
        guard let pruned = try await source.rawRetention() else { return }
        throw .failed(
            path: cachePath,
            reason: "a new builder cache cannot start on \(source.location): its events before "
                + "\(Timestamp.iso8601(pruned.rawSince)) were pruned (db prune) and their figures live only in the cache "
                + "of the builder that pruned them; copy that cache here (or name it with --cache); nothing was written")
    }
}

extension PostgresLocation {
    /// What a builder cache records as its source: the server and database, without user or TLS.
    var serverIdentity: String { "\(host):\(port)/\(database)" }
}
