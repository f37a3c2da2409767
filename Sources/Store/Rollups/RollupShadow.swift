internal import GRDB
internal import Foundation

/// A rebuild writes its rollups into shadow tables (`next_ru_types` …), made with the columns and
/// indexes of the live ones, in short transactions (``WriteSlices``): no reader looks at them, so
/// the write lock can be let go every few milliseconds, and an ingest daemon writing to the same
/// file commits in between. Readers keep the old rollups and their watermark meanwhile. When the
/// last span is merged, one short transaction renames the live tables to `old_…` and the shadows
/// to the live names (``swap(_:path:)``) and sets the new fingerprint and watermark; the next
/// refresh drops the old tables in slices (``AnalyticsStore/dropInSlices(_:_:check:)``).
///
/// A token row (``tokenTable``) names the rebuild that owns the shadows. A second rebuild started
/// meanwhile drops them and makes its own; the first finds another token at its next slice and
/// stops with an error. Shadows left by a crash are dropped by the next rebuild.
///
/// Index names: SQLite keeps an index's name when its table is renamed, so a shadow's indexes take
/// the live name with `_b` added or removed. Migrations that name a rollup index must accept both.
enum RollupShadow {
    /// The tables a rebuild replaces (`rollup_state` is written by the swap instead).
    static var tables: [String] { RollupTables.slotTables + RollupTables.dayTables + [
        "ru_users", "ru_user_day_blocks", "ru_user_day_late", "ru_user_spans",
    ] }

    /// Tables whose rows are large (a day's block of users, dozens of overflow pages each): their
    /// rows are deleted in slices before the table is dropped.
    static let heavyRows = ["ru_user_day_blocks"]

    /// Holds the token of the rebuild that owns the shadow tables.
    static let tokenTable = "next_rollup_rebuild"

    static func next(_ name: String) -> String { "next_" + name }
    static func old(_ name: String) -> String { "old_" + name }

    /// The name a shadow gives the live index `name`.
    static func alternate(_ name: String) -> String { name.hasSuffix("_b") ? String(name.dropLast(2)) : name + "_b" }

    /// Shadow and old tables present (left by a rebuild that failed, crashed, or runs now).
    static func leftovers(_ db: Database) throws -> [String] {
        let known = Set(tables.map(next) + tables.map(old) + [tokenTable])
        return try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'").filter(known.contains)
    }

    /// Creates empty shadows of the live tables (columns, constraints and indexes as the live ones
    /// have them now) and the token row. Leftovers must be gone (``leftovers(_:)``).
    static func create(_ db: Database, token: String, path: String) throws {
        for table in tables {
            let rows = try Row.fetchAll(
                db, sql: "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type = 'index', name",
                arguments: [table])
            for row in rows {
                let (type, name, sql): (String, String, String) = (row[0], row[1], row[2])
                let shadow = type == "table"
                    ? retarget(sql, keyword: "TABLE", name: table, to: next(table), on: nil)
                    : retarget(sql, keyword: "INDEX", name: name, to: alternate(name), on: (table, next(table)))
                guard let shadow else {
                    throw StoreError.failed(path: path, reason: "cannot copy the schema of \(name) for a rollup rebuild: \(sql)")
                }
                try db.execute(sql: shadow)
            }
        }
        try db.execute(sql: "CREATE TABLE \(tokenTable) (token TEXT NOT NULL)")
        try db.execute(sql: "INSERT INTO \(tokenTable) VALUES (?)", arguments: [token])
    }

    /// Throws unless the shadows are still this rebuild's (`token`).
    static func check(_ db: Database, token: String, path: String) throws {
        // sqlite_master, not GRDB's schema cache: another connection may have dropped the table.
        let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)", arguments: [tokenTable]) ?? false
        let owner = exists ? try String.fetchOne(db, sql: "SELECT token FROM \(tokenTable)") : nil
        guard owner == token else {
            throw StoreError.failed(
                path: path, reason: "another build started rebuilding the rollups while this one did; this one stopped, and what it wrote is not used")
        }
    }

    /// Puts the shadows in the live tables' place (the live ones become `old_…`), in the
    /// caller's transaction.
    ///
    /// `ALTER TABLE … RENAME` reloads the whole schema after each rename (~1 ms each, thirty of
    /// them) while the write lock is held. So the swap edits `sqlite_master` itself, as SQLite's
    /// own rename does and as its documentation describes for changes ALTER cannot make
    /// (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): each table and its
    /// indexes get the other table name, an automatic index the name SQLite derives from it, and
    /// the schema version is raised once, so every connection reloads the schema once (~1 ms in
    /// all). The new schema is loaded before the commit. If anything of that fails (an entry the
    /// swap does not know, an SQLite built to refuse `writable_schema`, a schema SQLite would not
    /// load), the edits roll back to a savepoint and the renames are made with `ALTER TABLE`.
    static func swap(_ db: Database, path: String) throws {
        do {
            try db.inSavepoint {
                try editSchema(db, path: path)
                return .commit
            }
        } catch {
            try db.execute(sql: "PRAGMA writable_schema = RESET")
            db.clearSchemaCache()
            try renameWithAlter(db)
        }
        try db.execute(sql: "DROP TABLE \(tokenTable)")
    }

    /// The fast swap: `sqlite_master` edited in place (see ``swap(_:path:)``).
    private static func editSchema(_ db: Database, path: String) throws {
        var updates: [(rowid: Int64, name: String, table: String, sql: String?)] = []
        for table in tables {
            for (from, to) in [(table, old(table)), (next(table), table)] {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT rowid, type, name, sql FROM sqlite_master WHERE tbl_name = ?", arguments: [from])
                for row in rows {
                    let (rowid, type, name, sql): (Int64, String, String, String?) = (row[0], row[1], row[2], row[3])
                    guard let renamed = renamed(type: type, name: name, sql: sql, table: from, to: to) else {
                        throw StoreError.failed(path: path, reason: "cannot swap in the rebuilt rollups: unexpected schema entry \(type) \(name)")
                    }
                    updates.append((rowid, renamed.name, to, renamed.sql))
                }
            }
        }
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        do {
            for update in updates {
                try db.execute(
                    sql: "UPDATE sqlite_master SET name = ?, tbl_name = ?, sql = ? WHERE rowid = ?",
                    arguments: [update.name, update.table, update.sql, update.rowid])
            }
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        } catch {
            try? db.execute(sql: "PRAGMA writable_schema = OFF")
            throw error
        }
        try db.execute(sql: "PRAGMA writable_schema = RESET")
        db.clearSchemaCache()
        // Loads the new schema: an entry SQLite cannot parse fails here, before any commit.
        for table in tables + tables.map(old) { _ = try Row.fetchOne(db, sql: "SELECT * FROM \(table) LIMIT 0") }
    }

    /// The slow swap: thirty `ALTER TABLE … RENAME`. The legacy form rewrites only the table's own
    /// schema and its indexes' (no view or trigger names a rollup table).
    private static func renameWithAlter(_ db: Database) throws {
        try db.execute(sql: "PRAGMA legacy_alter_table = ON")
        defer { try? db.execute(sql: "PRAGMA legacy_alter_table = OFF") }
        for table in tables {
            try db.execute(sql: "ALTER TABLE \(table) RENAME TO \(old(table))")
            try db.execute(sql: "ALTER TABLE \(next(table)) RENAME TO \(table)")
        }
    }

    /// The name and SQL of schema entry `name` (of `type`) once its table `table` is called `to`;
    /// nil for an entry the swap does not know how to rename.
    static func renamed(type: String, name: String, sql: String?, table: String, to: String) -> (name: String, sql: String?)? {
        switch type {
        case "table":
            guard name == table, let sql, let renamed = retarget(sql, keyword: "TABLE", name: table, to: to, on: nil) else { return nil }
            return (to, renamed)
        case "index" where sql == nil:
            // An index SQLite made for a UNIQUE or PRIMARY KEY constraint: `sqlite_autoindex_TABLE_N`.
            let prefix = "sqlite_autoindex_" + table + "_"
            guard name.hasPrefix(prefix) else { return nil }
            return ("sqlite_autoindex_" + to + "_" + name.dropFirst(prefix.count), nil)
        case "index":
            guard let sql, let renamed = retarget(sql, keyword: "INDEX", name: name, to: name, on: (table, to)) else { return nil }
            return (name, renamed)
        default:
            return nil
        }
    }

    /// `CREATE [UNIQUE] TABLE|INDEX name …` with another name (and for an index, another table
    /// after ` ON `); nil when `sql` is not of that form. Names may be quoted (SQLite quotes them
    /// when it renames a table).
    static func retarget(_ sql: String, keyword: String, name: String, to newName: String, on table: (from: String, to: String)?) -> String? {
        var rest = Substring(sql)
        var head = ""
        for word in ["CREATE ", "UNIQUE ", keyword + " "] {
            if rest.hasPrefix(word) {
                head += word
                rest = rest.dropFirst(word.count)
            } else if word != "UNIQUE " {
                return nil
            }
        }
        guard let afterName = dropName(rest, name) else { return nil }
        guard let table else { return head + newName + afterName }
        guard let on = afterName.range(of: " ON "), afterName[..<on.lowerBound].allSatisfy(\.isWhitespace),
              let afterTable = dropName(afterName[on.upperBound...], table.from)
        else { return nil }
        return head + newName + " ON " + table.to + afterTable
    }

    /// `text` without its leading `name` (bare or in double quotes); nil when it does not start
    /// with it, or only with a longer name.
    private static func dropName(_ text: Substring, _ name: String) -> Substring? {
        if text.hasPrefix("\"\(name)\"") { return text.dropFirst(name.count + 2) }
        guard text.hasPrefix(name) else { return nil }
        let rest = text.dropFirst(name.count)
        if let next = rest.first, next.isLetter || next.isNumber || next == "_" { return nil }
        return rest
    }
}
