import Synchronization

/// `CACHE_TTL` cache of read answers keyed on (endpoint and parameters, data watermark). An
/// answer lives at most `ttl` (it matters for answers relative to "now": their window moves), and
/// is never served once the watermark moved on.
///
/// Bounded by entries (`capacity`) and by bytes (`byteBudget`): an answer larger than an eighth
/// of the budget, and any answer spooled to a file, is not kept. A site with many users has
/// user_activity answers of hundreds of megabytes, and before this bound a few of them stayed in
/// the daemon's memory for `CACHE_TTL`.
final class ReadCache: Sendable {
    struct Entry {
        var watermark: Int64
        var expires: ContinuousClock.Instant
        var answer: CachedAnswer
        var bytes: Int
    }

    struct Entries {
        var byKey: [String: Entry] = [:]
        var bytes = 0

        mutating func set(_ key: String, _ entry: Entry?) {
            bytes -= byKey[key]?.bytes ?? 0
            byKey[key] = entry
            bytes += entry?.bytes ?? 0
        }

        mutating func keep(where keep: (Entry) -> Bool) {
            byKey = byKey.filter { keep($0.value) }
            bytes = byKey.values.reduce(0) { $0 + $1.bytes }
        }
    }

    let ttl: Duration
    let capacity: Int
    let byteBudget: Int
    private let entries = Mutex(Entries())
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    init(ttlSeconds: Int, capacity: Int = 512, byteBudget: Int = 64 << 20) {
        ttl = .seconds(ttlSeconds)
        self.capacity = capacity
        self.byteBudget = byteBudget
    }

    var enabled: Bool { ttl > .zero }

    func lookup(_ key: String, watermark: Int64) -> CachedAnswer? {
        guard enabled else { return nil }
        let now = ContinuousClock.now
        let found: CachedAnswer? = entries.withLock { entries in
            guard let entry = entries.byKey[key] else { return nil }
            guard entry.watermark == watermark, entry.expires > now else {
                entries.set(key, nil)
                return nil
            }
            return entry.answer
        }
        counters.withLock { if found == nil { $0.misses += 1 } else { $0.hits += 1 } }
        return found
    }

    func store(_ key: String, watermark: Int64, answer: CachedAnswer) {
        guard enabled, let bytes = answer.memoryBytes, bytes <= byteBudget / 8 else { return }
        let now = ContinuousClock.now
        entries.withLock { entries in
            entries.set(key, nil)
            if entries.byKey.count >= capacity || entries.bytes + bytes > byteBudget {
                entries.keep { $0.expires > now && $0.watermark == watermark }
                if entries.byKey.count >= capacity || entries.bytes + bytes > byteBudget { entries = Entries() }
            }
            entries.set(key, Entry(watermark: watermark, expires: now + ttl, answer: answer, bytes: bytes))
        }
    }

    /// Entries held and their bytes.
    var holding: (entries: Int, bytes: Int) { entries.withLock { ($0.byKey.count, $0.bytes) } }

    var statistics: (hits: Int, misses: Int) { counters.withLock { $0 } }
}
