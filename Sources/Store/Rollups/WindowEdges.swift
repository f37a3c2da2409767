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
        var watermark: Int64
    }

    private let cache = OnceCache<Key, Aggregates>()

    public init() {}

    /// The aggregates of `key`, computed by `compute` the first time.
    func aggregates(_ key: Key, _ compute: () throws -> Aggregates) throws -> Aggregates {
        try cache.value(key, compute)
    }
}
