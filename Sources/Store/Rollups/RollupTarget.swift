internal import GRDB

/// The rollup tables a merge reads and writes: the live ones, or a rebuild's shadow copies
/// (``RollupShadow``), written in short transactions (``WriteSlices``).
struct RollupTarget {
    /// The tables readers see, written in the merge's one transaction.
    static var live: RollupTarget { RollupTarget(slices: nil) }

    /// Set for a rebuild's shadow tables: ``tick()`` may commit there.
    let slices: WriteSlices?

    /// A rebuild's shadow tables, written in `slices`.
    static func shadow(_ slices: WriteSlices) -> RollupTarget { RollupTarget(slices: slices) }

    /// The name of the live table `name` in this target.
    func table(_ name: String) -> String { slices == nil ? name : RollupShadow.next(name) }

    /// The prefix of a tier's tables in this target (`ru_`, `next_ru_` …).
    func prefix(_ tier: RollupTier) -> String { table(tier.prefix) }

    /// Between two rows: a shadow write may end its slice here.
    func tick() throws { try slices?.tick() }

    /// Runs `work`, which writes nothing; for a shadow, with the write lock free.
    func unlocked<T>(_ work: () throws -> T) throws -> T {
        guard let slices else { return try work() }
        return try slices.outside(work)
    }

    /// The entries of `rows` to insert, in slot order: each slot index then gets runs of rows
    /// side by side instead of one row on nearly every page of it. For a shadow, sorted with the
    /// lock free, and each slice's commit writes a few pages, not the whole index again. In the
    /// live tables, late events append rows to hours all over the rollups: 100,000 of them at
    /// 10M events (report all after their import: 1.98–2.17 s → 1.53–1.94 s).
    func ordered<Key, Value>(_ rows: [Key: Value], slot: (Key) -> Int64) throws -> [(key: Key, value: Value)] {
        guard let slices else { return rows.sorted { slot($0.key) < slot($1.key) } }
        return try slices.outside { rows.sorted { slot($0.key) < slot($1.key) } }
    }
}
