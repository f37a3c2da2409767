public import Logging
internal import GRDB
internal import Foundation

/// The SQLite event store: one WAL database file shared by the ingest daemon (one writer) and
/// `build` (readers that never block it).
///
/// Opening checks the file before touching it: a file that is not SQLite, or a database written
/// by a newer version, is refused and left byte-for-byte as it was.
public final class AnalyticsStore: Sendable {
    /// The path as given by the user (used in every message).
    public let path: String
    let pool: DatabasePool
    let logger: Logger
    /// The drop a refresh leaves running (``RollupCleanup``).
    let cleanup = RollupCleanup()
    /// Raised by the background checkpointer after a pass that found the WAL large; the group
    /// commit completes that checkpoint.
    let checkpointHandoff = CheckpointHandoff()

    /// How hard SQLite flushes on commit.
    public enum Durability: String, Sendable {
        /// fsync on every commit: an acknowledged event survives power loss (the daemon's default).
        case full
        /// fsync at checkpoints: survives a crash of the process, not of the machine (bulk import).
        case normal
    }

    /// Opens (creating the file and its directory when missing) and migrates the database.
    public init(path: String, durability: Durability = .normal, logger: Logger) throws(StoreError) {
        // A PostgreSQL URL is no file name: never make a file or folder named after it.
        if PostgresLocation.isPostgresURL(path) {
            throw .invalidDatabaseURL(
                url: PostgresLocation.redacted(path),
                reason: "this command works on SQLite only (docs/architecture.md); nothing was written")
        }
        self.path = path
        self.logger = logger
        let url = URL(fileURLWithPath: path)
        try Self.prepareLocation(url, path: path)
        if FileManager.default.fileExists(atPath: path) {
            try Self.checkExisting(path: path)
        }
        var configuration = Configuration()
        configuration.busyMode = Self.busyMode
        configuration.label = "espice.store"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            try db.execute(sql: "PRAGMA secure_delete = \(SecureDelete.storeMode)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Migrations.migrator.migrate(pool)
        } catch {
            throw Self.translate(error, path: path)
        }
        // GRDB resets the writer to synchronous=NORMAL when it turns WAL on, after
        // prepareDatabase: apply the durability asked for once more, on the writer itself.
        try applyWriterDurability(durability)
        logger.debug("opened database", metadata: ["path": "\(path)"])
    }

    /// Waiting for a lock another process holds: retry every half millisecond, for up to 10 s.
    /// SQLite's own timeout sleeps 1, 2, 5, 10 … up to 100 ms between tries, so a daemon whose
    /// commit met an import's 5 ms transaction could sleep 50 ms and then find the next one
    /// begun — its requests waited hundreds of milliseconds behind a stream of short writes.
    static let busyMode = Database.BusyMode.callback { tries in
        usleep(500)
        return tries < 20_000
    }

    /// Refuses, without writing, a file that is not SQLite or whose schema is newer than ours.
    ///
    /// The file is read through SQLite only, never opened and closed directly: closing any
    /// descriptor of a file drops every POSIX lock this process holds on it, those of SQLite
    /// connections already open on it included (when a second store is opened on a file in the
    /// same process). Another process closing its connection
    /// could then take itself for the last one and delete the WAL that this process's
    /// connections still write to — their later commits would never reach the database.
    private static func checkExisting(path: String) throws(StoreError) {
        guard access(path, R_OK) == 0 else { throw .cannotOpen(path: path, reason: "permission denied") }
        var configuration = Configuration()
        configuration.readonly = true
        // Another process (or pool) may be closing the file — checkpointing and removing its WAL —
        // right now: wait for it as every other connection does, instead of "database is locked".
        configuration.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            // GRDB's appliedIdentifiers lists every row of grdb_migrations, known or not.
            let (applied, foreignTables) = try queue.read { db in
                try db.tableExists("grdb_migrations")
                    ? (try Migrations.migrator.appliedIdentifiers(db), [])
                    : (Set<String>(), try String.fetchAll(db, sql: Self.userTablesSQL))
            }
            try queue.close()
            // Tables but no migration record: someone else's database (the original service's
            // above all, which shares the default path and the table name `dashboards`).
            if foreignTables.contains("analytics_events") { throw StoreError.originalServiceDatabase(path: path) }
            if !foreignTables.isEmpty { throw StoreError.foreignDatabase(path: path, tables: foreignTables) }
            let unknown = applied.subtracting(Migrations.migrator.migrations)
            if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknownMigrations: Array(unknown)) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw translate(error, path: path)
        }
    }

    /// The tables a database holds besides SQLite's own, by name.
    static let userTablesSQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"

    private static func prepareLocation(_ url: URL, path: String) throws(StoreError) {
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, reason: "cannot create directory \(directory.path): \(error.localizedDescription)")
        }
    }

    /// Maps SQLite failures to messages that name the database and say what happened.
    static func translate(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return .failed(path: path, reason: "\(error)")
        }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notADatabase(path: path)
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_CANTOPEN:
            if isOnReadOnlyFileSystem(path) { return .readOnly(path: path) }
            return .cannotOpen(path: path, reason: error.message ?? "unable to open")
        case .SQLITE_IOERR:
            if error.extendedResultCode == .SQLITE_IOERR_WRITE || error.extendedResultCode.rawValue == 13 << 8 {
                return .diskFull(path: path)
            }
            return .failed(path: path, reason: "I/O error: \(error.message ?? "unknown")")
        default:
            return .failed(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Whether the database file (or, before it exists, its directory) cannot be written because
    /// its file system is mounted read-only or permission is denied: SQLite only says "unable to
    /// open database file" then.
    static func isOnReadOnlyFileSystem(_ path: String) -> Bool {
        let target = FileManager.default.fileExists(atPath: path) ? path : URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard access(target, W_OK) != 0 else { return false }
        return errno == EROFS || errno == EACCES
    }

    /// Runs `body` in one write transaction; any error rolls the whole of it back.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// Runs `body` on a reader (WAL snapshot; never blocks the writer).
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.translate(error, path: path)
        }
    }
}
