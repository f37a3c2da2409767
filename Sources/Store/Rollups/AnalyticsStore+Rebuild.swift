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
        // Each leftover in a transaction of its own (dropping a table frees its pages); any made
        // meanwhile by another rebuild are dropped with the shadows' creation below.
        for name in try read({ db in try RollupShadow.leftovers(db) }) {
            try write { db in try db.execute(sql: "DROP TABLE IF EXISTS \(name)") }
        }
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
        let path = self.path
        let token = rebuild.token
        do {
            try pool.writeWithoutTransaction { db in
                let slices = WriteSlices(
                    db, budget: rebuild.slices.budget, pause: rebuild.slices.pause, check: { db in try RollupShadow.check(db, token: token, path: path) },
                    between: rebuild.slices.between)
                do {
                    try slices.begin()
                    try body(db, slices)
                    try slices.finish()
                } catch {
                    if db.isInsideTransaction { try? db.rollback() }
                    throw error
                }
            }
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// Swaps the shadows in, with the fingerprint and watermark they were folded to, in one short
    /// transaction; then drops the old tables, each in a transaction of its own.
    func finishRebuild(_ rebuild: Rebuild, fingerprint: String, watermark: Int64, refuse: (Database) throws -> Void) throws(StoreError) {
        let path = self.path
        try write { db in
            try RollupShadow.check(db, token: rebuild.token, path: path)
            try refuse(db)  // a prune may have committed while the shadows were written
            try RollupShadow.swap(db)
            try db.execute(
                sql: "INSERT OR REPLACE INTO rollup_state (id, fingerprint, watermark, folded_at) VALUES (1, ?, ?, ?)",
                arguments: [fingerprint, watermark, Clock.nowMilliseconds()])
        }
        for table in RollupShadow.tables {
            try write { db in try db.execute(sql: "DROP TABLE IF EXISTS \(RollupShadow.old(table))") }
        }
    }

    /// After a failed rebuild: drops its shadows, unless another rebuild owns them now.
    func discardRebuild(_ rebuild: Rebuild) {
        let path = self.path
        try? write { db in
            guard (try? RollupShadow.check(db, token: rebuild.token, path: path)) != nil else { return }
            for name in try RollupShadow.leftovers(db) where name.hasPrefix("next_") {
                try db.execute(sql: "DROP TABLE \(name)")
            }
        }
    }
}
