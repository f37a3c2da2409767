import Hummingbird
import Logging
import NIOCore
import Reports
import Store
import Synchronization

/// A counter the writer bumps after each commit.
final class WriteGeneration: Sendable {
    private let value = Atomic<Int>(0)

    func bump() { value.add(1, ordering: .releasing) }
    var current: Int { value.load(ordering: .acquiring) }
}

/// Folds new events into the rollups, one refresh at a time (concurrent requests wait for the
/// running one instead of starting their own). On PostgreSQL each refresh first syncs the
/// daemon's builder cache, so reads see what every daemon committed; when the server cannot be
/// reached, reads go on from the cache as it stands (logged once).
actor RollupRefresher {
    let engine: ReportEngine
    let database: IngestDatabase
    let logger: Logger
    private(set) var watermark: Int64?
    private var syncFailing = false

    init(engine: ReportEngine, database: IngestDatabase, logger: Logger) {
        self.engine = engine
        self.database = database
        self.logger = logger
    }

    func refresh() async throws(StoreError) -> Int64 {
        do {
            try await database.syncForReading()
            if syncFailing { logger.notice("builder cache syncing again") }
            syncFailing = false
        } catch {
            if !syncFailing { logger.warning("builder cache sync failed; reads use the cache as it is", metadata: ["error": "\(error)"]) }
            syncFailing = true
        }
        let result = try engine.refresh()
        watermark = result.watermark
        return result.watermark
    }
}

/// The data watermark every read answer is keyed on: the rollups' last folded event id.
///
/// Events written by this daemon bump ``WriteGeneration``, so the next read refreshes the rollups
/// first (a new event invalidates every cached answer at once). Events written by another process
/// (`espice-analytics import` into the same database) are noticed within ``recheck``.
final class DataWatermark: Sendable {
    struct Known {
        var generation: Int
        var watermark: Int64
        var at: ContinuousClock.Instant
    }

    let refresher: RollupRefresher
    let generation: WriteGeneration
    let recheck: Duration
    private let known = Mutex<Known?>(nil)

    init(refresher: RollupRefresher, generation: WriteGeneration, recheck: Duration = .seconds(1)) {
        self.refresher = refresher
        self.generation = generation
        self.recheck = recheck
    }

    /// The current watermark, refreshing the rollups when events may have arrived.
    func current() async throws(StoreError) -> Int64 {
        let generationNow = generation.current
        let now = ContinuousClock.now
        if let state = known.withLock({ $0 }), state.generation == generationNow, now - state.at < recheck {
            return state.watermark
        }
        let watermark = try await refresher.refresh()
        known.withLock { state in
            if state == nil || state!.generation <= generationNow {
                state = Known(generation: generationNow, watermark: watermark, at: now)
            }
        }
        return watermark
    }
}

/// A rendered read answer.
struct CachedAnswer: Sendable {
    var status: HTTPResponse.Status = .ok
    var contentType: String
    var disposition: String?
    var body: ByteBuffer

    var response: Response {
        var headers: HTTPFields = [.contentType: contentType]
        if let disposition { headers[.contentDisposition] = disposition }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}

/// `CACHE_TTL` cache of read answers keyed on (endpoint and parameters, data watermark). An
/// answer lives at most `ttl` (it matters for answers relative to "now": their window moves), and
/// is never served once the watermark moved on.
final class ReadCache: Sendable {
    struct Entry {
        var watermark: Int64
        var expires: ContinuousClock.Instant
        var answer: CachedAnswer
    }

    let ttl: Duration
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    init(ttlSeconds: Int, capacity: Int = 512) {
        ttl = .seconds(ttlSeconds)
        self.capacity = capacity
    }

    var enabled: Bool { ttl > .zero }

    func lookup(_ key: String, watermark: Int64) -> CachedAnswer? {
        guard enabled else { return nil }
        let now = ContinuousClock.now
        let found: CachedAnswer? = entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.watermark == watermark, entry.expires > now else {
                entries[key] = nil
                return nil
            }
            return entry.answer
        }
        counters.withLock { if found == nil { $0.misses += 1 } else { $0.hits += 1 } }
        return found
    }

    func store(_ key: String, watermark: Int64, answer: CachedAnswer) {
        guard enabled else { return }
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now && $0.value.watermark == watermark }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(watermark: watermark, expires: now + ttl, answer: answer)
        }
    }

    var statistics: (hits: Int, misses: Int) { counters.withLock { $0 } }
}
