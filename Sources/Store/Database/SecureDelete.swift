internal import GRDB

/// What SQLite does with the bytes of deleted rows and freed pages (`PRAGMA secure_delete`).
///
/// Every connection of the store runs with `FAST`: deleted content is zeroed on the pages a
/// delete writes anyway, but freed pages are not written again. Debian's libsqlite3 is built with
/// `SQLITE_SECURE_DELETE`, whose default `ON` overwrote every page a delete or drop freed, through
/// the WAL and then the database: the refresh after 100,000 late events at 10M events × 200,000
/// users (issue 16), which drops the rollup tables a rebuild swapped out and rewrites every day's
/// block of users, wrote 830 MB to the WAL, 890 MB more at checkpoints and 210 MB of statement
/// journals — 20 MB, none and none with `FAST`. What those pages held (rollups and blocks of
/// users) lives on in the tables that replaced them.
///
/// Raw events are different: `db prune` deletes them so that they are gone, so its deletes run
/// with `ON` (``overwriting(_:_:)``) whatever the library's default, and the file keeps none of
/// the pruned events' text.
enum SecureDelete {
    /// The store's mode, set on every connection as it opens.
    static let storeMode = "FAST"

    /// Runs `body` with deleted content and freed pages overwritten (`ON`), then sets the store's
    /// mode again. SQLite reads the setting as each page is freed, so it may change inside a
    /// transaction.
    static func overwriting<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA secure_delete = ON")
        defer { try? db.execute(sql: "PRAGMA secure_delete = \(storeMode)") }
        return try body()
    }

    /// The connection's mode: 0 off, 1 on, 2 fast.
    static func mode(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? -1
    }
}
