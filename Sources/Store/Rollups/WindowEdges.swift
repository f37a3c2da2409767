public import Model

/// The raw-event parts of windows (partial hours and partial days at their edges), shared by
/// the windows of one build: every range ends at the same as-of, so they all need the same
/// last partial day of per-user activity — read once instead of once per range. Thread-safe
/// (a ``OnceCache``).
public final class WindowEdges: Sendable {
    struct Key: Hashable {
        var part: TimeWindow
        /// The per-user families (a partial day) rather than the slot families (a partial hour).
        var users: Bool
        /// Only the ``RollupFamilies/lean`` slot families.
        var lean: Bool
        var watermark: Int64
    }

    private let cache = OnceCache<Key, Aggregates>()

    public init() {}

    /// Merges the aggregates of `key` into `aggregates`, folding them with `fold` the first time.
    func merge(_ key: Key, into aggregates: inout Aggregates, _ fold: (inout Aggregates) throws -> Void) throws {
        aggregates.merge(try cache.value(key) {
            var edge = Aggregates()
            try fold(&edge)
            return edge
        })
    }
}
