import Logging
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
///
/// Runs on the read API's thread (``ReadWorker``): a fold of many new events is seconds of
/// SQLite work that would otherwise hold a thread of the cooperative pool.
actor RollupRefresher {
    let engine: ReportEngine
    let database: IngestDatabase
    let logger: Logger
    nonisolated let thread: DedicatedThread
    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }
    private(set) var watermark: Int64?
    private var syncFailing = false

    init(engine: ReportEngine, database: IngestDatabase, thread: DedicatedThread, logger: Logger) {
        self.engine = engine
        self.database = database
        self.thread = thread
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
