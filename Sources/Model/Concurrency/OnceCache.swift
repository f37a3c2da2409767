internal import Foundation

/// Values computed at most once per key and shared by threads: a value being computed by one
/// thread is waited for, not computed again, by the others (each key has its own lock, so
/// different keys compute in parallel).
public final class OnceCache<Key: Hashable, Value>: @unchecked Sendable {
    private final class Entry {
        let lock = NSLock()
        var value: Value?
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]

    public init() {}

    /// The value of `key`, computed by `compute` the first time (an error leaves it to the next
    /// caller to try again).
    public func value<E: Error>(_ key: Key, _ compute: () throws(E) -> Value) throws(E) -> Value {
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

    /// Forgets the values whose key `isReleased` says (they are computed again if asked for).
    public func remove(where isReleased: (Key) -> Bool) {
        lock.withLock { entries = entries.filter { !isReleased($0.key) } }
    }
}
