internal import GRDB
internal import Foundation

/// How a rebuild cuts its writes into transactions (``WriteSlices``); tests shorten the budget
/// and act between slices.
struct RebuildSlices {
    var budget: Duration = WriteSlices.defaultBudget
    var pause: Duration = WriteSlices.defaultPause
    /// Called after each commit but the last, with the write lock free.
    var between: (() throws -> Void)?
}

/// The rebuild of the rollups into shadow tables (``RollupShadow``): begun, written in slices,
/// swapped in, or discarded.
extension AnalyticsStore {
    /// A rebuild under way: the token that owns the shadows, and how its writes are cut.
    struct Rebuild {
        let token = UUID().uuidString
        let slices: RebuildSlices
    }

    /// Drops what earlier rebuilds left and creates this one's empty shadows. `refuse` throws
    /// when the rollups must not be rebuilt (raw events were pruned).
    func beginRebuild(_ slices: RebuildSlices, refuse: (Database) throws -> Void) throws(StoreError) -> Rebuild {
        let rebuild = Rebuild(slices: slices)
        let path = self.path
        // Leftovers in slices (the token table first: a rebuild still writing stops at its next
        // slice); any made meanwhile by another rebuild are dropped with the shadows' creation.
        let leftovers = try read { db in try RollupShadow.leftovers(db) }
        try dropInSlices(leftovers.sorted { ($0 == RollupShadow.tokenTable ? 0 : 1, $0) < ($1 == RollupShadow.tokenTable ? 0 : 1, $1) }, slices)
        try write { db in
            try refuse(db)
            for name in try RollupShadow.leftovers(db) { try db.execute(sql: "DROP TABLE \(name)") }
            try RollupShadow.create(db, token: rebuild.token, path: path)
        }
        return rebuild
    }

    /// Runs `body` (a span's merge into the shadows) in slices: transactions that end when they
    /// have held the write lock for the budget, each beginning with a check of the token.
    func writeInSlices(_ rebuild: Rebuild, _ body: (Database, WriteSlices) throws -> Void) throws(StoreError) {
        let (path, token) = (self.path, rebuild.token)
        try writeInSlices(rebuild.slices, check: { db in try RollupShadow.check(db, token: token, path: path) }, body)
    }

    /// Runs `body` in slices cut as `slices` says, each beginning with `check`.
    func writeInSlices(
        _ slices: RebuildSlices, check: @escaping (Database) throws -> Void, _ body: (Database, WriteSlices) throws -> Void
    ) throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in
                let writer = WriteSlices(db, budget: slices.budget, pause: slices.pause, check: check, between: slices.between)
                do {
                    try writer.begin()
                    try body(db, writer)
                    try writer.finish()
                } catch {
                    if db.isInsideTransaction { try? db.rollback() }
                    throw error
                }
            }
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// Drops `tables` (those that exist) without holding the write lock for long: each index, and
    /// then each table, in a slice of its own — dropping frees every page of the tree, ~10 ms per
    /// thousand pages. The rows of ``RollupShadow/heavyRows`` tables (a day's block of users is
    /// dozens of overflow pages) are deleted in slices first. With `check`, each slice begins with
    /// it, and the last table is dropped with the last commit (the token table goes last).
    func dropInSlices(_ tables: [String], _ slices: RebuildSlices, check: @escaping (Database) throws -> Void = { _ in }) throws(StoreError) {
        let present = Set(try read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") })
        let tables = tables.filter(present.contains)
        guard !tables.isEmpty else { return }
        let cut = RebuildSlices(budget: slices.budget, pause: slices.pause)  // tests act between a merge's slices only
        try writeInSlices(cut, check: check) { db, slices in
            for (index, table) in tables.enumerated() {
                let indexes = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [table])
                for name in indexes {
                    try db.execute(sql: "DROP INDEX IF EXISTS \(name)")
                    try slices.next()
                }
                if RollupShadow.heavyRows.contains(where: table.hasSuffix) {
                    while true {
                        try db.execute(sql: "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) LIMIT 4)")
                        if db.changesCount == 0 { break }
                        try slices.tick()
                    }
                }
                try db.execute(sql: "DROP TABLE IF EXISTS \(table)")
                if index < tables.count - 1 { try slices.next() }
            }
        }
    }

    /// Swaps the shadows in, with the fingerprint and watermark they were folded to, in one short
    /// transaction. The old tables stay until the next refresh drops them
    /// (``dropOldTables(_:)``), beside its fold and its caller's reports (``RollupCleanup``).
    func finishRebuild(_ rebuild: Rebuild, fingerprint: String, watermark: Int64, refuse: (Database) throws -> Void) throws(StoreError) {
        let path = self.path
        try write { db in
            try RollupShadow.check(db, token: rebuild.token, path: path)
            try refuse(db)  // a prune may have committed while the shadows were written
            try RollupShadow.swap(db, path: path)
            try db.execute(
                sql: "INSERT OR REPLACE INTO rollup_state (id, fingerprint, watermark, folded_at) VALUES (1, ?, ?, ?)",
                arguments: [fingerprint, watermark, Clock.nowMilliseconds()])
        }
    }

    /// Drops the tables a rebuild swapped out (`old_…`), in slices. Every refresh does it first,
    /// while its first span is folded: dropping frees every page of the old rollups (0.3 s at 1M
    /// events × 200,000 users), which would otherwise lengthen the rebuild that made them.
    func dropOldTables(_ slices: RebuildSlices) throws(StoreError) {
        let old = try read { db in try RollupShadow.leftovers(db) }.filter { $0.hasPrefix("old_") }
        try dropInSlices(old, slices)
    }

    /// After a failed rebuild: drops its shadows, unless another rebuild owns them now (each
    /// slice checks the token; the token table goes last).
    func discardRebuild(_ rebuild: Rebuild) {
        let (path, token) = (self.path, rebuild.token)
        try? dropInSlices(RollupShadow.tables.map(RollupShadow.next) + [RollupShadow.tokenTable], rebuild.slices) { db in
            try RollupShadow.check(db, token: token, path: path)
        }
    }
}

