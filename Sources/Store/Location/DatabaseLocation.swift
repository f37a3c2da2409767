internal import Foundation
public import Logging

/// Where a command's events are, resolved from `--db` (else `DATABASE_URL`, `DATABASE_PATH`, the
/// config file's `database_path`, then `analytics_data/analytics.db`): an SQLite file, the
/// embedded default, or a PostgreSQL database shared by several ingest daemons (issue 17).
///
/// Commands never ask which: readers call ``preparedSQLitePath(logger:)`` and open the SQLite file
/// it returns — the database itself, or for PostgreSQL the builder's local cache, brought up to
/// date first (``BuilderCache``); saved reports and dashboards are in ``configStore(logger:)``.
/// Writers go through ``importEvents(_:options:logger:progress:)``,
/// ``storeDemoEvents(_:logger:)`` and ``openForIngest(durability:poolSize:logger:)``.
public struct DatabaseLocation: Sendable, CustomStringConvertible {
    enum Backend: Sendable {
        case sqlite(path: String)
        case postgres(PostgresLocation, cachePath: String)
    }

    let backend: Backend

    /// Reads a `--db` value. `password` is the config file's `database_password` (else
    /// `PGPASSWORD` from `environment`); `cachePath` overrides the builder cache's default path
    /// (``defaultCachePath(for:)``). Both are ignored for an SQLite path.
    public init(
        _ value: String, password: String? = nil, cachePath: String? = nil, environment: [String: String]? = nil
    ) throws(StoreError) {
        guard PostgresLocation.isPostgresURL(value) else {
            backend = .sqlite(path: value)
            return
        }
        let location = try PostgresLocation(url: value, password: password, environment: environment)
        let cache = cachePath.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultCachePath(for: location)
        if PostgresLocation.isPostgresURL(cache) {
            throw .invalidDatabaseURL(url: location.description, reason: "the cache must be an SQLite file path, not a URL")
        }
        backend = .postgres(location, cachePath: cache)
    }

    /// The builder cache of a PostgreSQL database when none is named: a slug of host, port and
    /// database under `analytics_data/`, e.g. `analytics_data/cache-127-0-0-1-55432-espice.db`
    /// (never the URL as a file name).
    public static func defaultCachePath(for location: PostgresLocation, directory: String = "analytics_data") -> String {
        let raw = "\(location.host)-\(location.port)-\(location.database)".lowercased()
        var slug = ""
        for character in raw.unicodeScalars {
            let keep = ("a"..."z").contains(character) || ("0"..."9").contains(character)
            if keep {
                slug.unicodeScalars.append(character)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return directory + "/cache-" + slug + ".db"
    }

    /// Whether `--db` names a PostgreSQL database (reads then go through the builder cache).
    public var isPostgres: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// The SQLite path, or the PostgreSQL URL without its password: what messages show.
    public var description: String {
        switch backend {
        case .sqlite(let path): path
        case .postgres(let location, _): location.description
        }
    }

    /// The SQLite file that reads go to: the database itself, or the builder cache (not synced;
    /// see ``preparedSQLitePath(logger:)``).
    public var sqlitePath: String {
        switch backend {
        case .sqlite(let path): path
        case .postgres(_, let cachePath): cachePath
        }
    }

    /// The SQLite database that holds saved reports, dashboards and the delivery history: the
    /// file itself, or for PostgreSQL the builder cache, where `build` and `deliver` on the same
    /// `--db` and `--cache` find them (they are not shared with another builder's cache). Not
    /// synced: saving or listing them reads no events. A cache of another PostgreSQL database is
    /// refused naming `--cache`, as a sync would refuse it.
    public func configStore(logger: Logger) throws(StoreError) -> AnalyticsStore {
        switch backend {
        case .sqlite(let path):
            return try AnalyticsStore(path: path, logger: logger)
        case .postgres(let location, let cachePath):
            let cache = try AnalyticsStore(path: cachePath, logger: logger)
            _ = try cache.postgresCursor(server: location.serverIdentity)
            return cache
        }
    }

    /// Brings the SQLite file that reads go to up to date and returns its path: an SQLite
    /// database as it is; for PostgreSQL the builder cache, after copying in every event
    /// committed since its last sync.
    public func preparedSQLitePath(logger: Logger) async throws(StoreError) -> String {
        switch backend {
        case .sqlite(let path):
            return path
        case .postgres(let location, let cachePath):
            let source = try await PostgresEventStore.open(location, poolSize: 2, logger: logger)
            do {
                if !FileManager.default.fileExists(atPath: cachePath) { try await BuilderCache.refuseNewCache(cachePath, of: source) }
                let cache = try AnalyticsStore(path: cachePath, logger: logger)
                let copied = try await BuilderCache(source: source, cache: cache).sync()
                logger.info("builder cache synced", metadata: ["cache": "\(cachePath)", "events": "\(copied)"])
                await source.close()
                return cachePath
            } catch {
                await source.close()
                throw error
            }
        }
    }
}
