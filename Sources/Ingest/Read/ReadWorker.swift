import Hummingbird
import Synchronization

/// Runs the read API's blocking work — computing a report from the rollups and rendering its
/// export — on a thread of its own, one job at a time (``RollupRefresher`` folds on the same
/// thread). A `user_activity` export of a site with 200,000 users takes seconds of CPU; run on
/// Swift's cooperative pool, which on a 2-core machine has two threads and also answers every
/// tracked event, two of them stalled ingest for as long.
///
/// The thread runs at nice 10, as batch commands do (`ESPICE_PRIORITY`): beside a busy ingest
/// the tracked events get the cores first and a report waits.
///
/// At most `maxWaiting` requests are running or waiting for the thread; one more is answered 503
/// with `Retry-After` instead of queueing without bound.
actor ReadWorker {
    nonisolated let thread: DedicatedThread
    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }
    nonisolated let maxWaiting: Int
    private nonisolated let waiting = Atomic<Int>(0)

    init(thread: DedicatedThread = DedicatedThread(name: "espice-reads", nice: 10), maxWaiting: Int = 32) {
        self.thread = thread
        self.maxWaiting = maxWaiting
    }

    /// `body`'s result, computed on the read thread after the jobs queued before it.
    nonisolated func run<T: Sendable>(_ body: @Sendable () throws -> T) async throws -> T {
        let queued = waiting.add(1, ordering: .relaxed).newValue
        defer { waiting.subtract(1, ordering: .relaxed) }
        guard queued <= maxWaiting else {
            throw IngestError(
                .serviceUnavailable, "\(maxWaiting) read requests are already waiting for their reports; retry shortly",
                headers: [.retryAfter: "1"])
        }
        return try await perform(body)
    }

    /// Requests running or waiting now.
    nonisolated var waitingCount: Int { waiting.load(ordering: .relaxed) }

    private func perform<T: Sendable>(_ body: @Sendable () throws -> T) throws -> T { try body() }
}
