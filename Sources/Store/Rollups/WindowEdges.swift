public import Model
internal import Foundation

/// The raw-event parts of windows (partial hours and partial days at their edges), shared by
/// the windows of one build: every range ends at the same as-of, so they all need the same
/// last partial day of per-user activity — read once instead of once per range. Thread-safe;
/// a part being read by one thread is waited for, not read again, by the others.
public final class WindowEdges: @unchecked Sendable {
    struct Key: Hashable {
        var part: TimeWindow
        /// The per-user families (a partial day) rather than the slot families (a partial hour).
        var users: Bool
        var watermark: Int64
    }

    private final class Entry {
        let lock = NSLock()
        var value: Aggregates?
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]

    public init() {}

    /// The aggregates of `key`, computed by `compute` the first time.
    func aggregates(_ key: Key, _ compute: () throws -> Aggregates) throws -> Aggregates {
        let entry = lock.withLock {
            if let known = entries[key] { return known }
            let entry = Entry()
            entries[key] = entry
            return entry
        }
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let value = entry.value { return value }
        let value = try compute()
        entry.value = value
        return value
    }
}
