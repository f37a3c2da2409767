import Logging
import Metrics
import Model
import Store
import Synchronization

/// The one owner of the database writer (SQLite, or PostgreSQL through ``EventGroupWriter``):
/// queues validated events from every request and commits them in groups — all requests waiting
/// when a commit starts share its transaction, and each is answered with its ids only after that
/// transaction committed (group commit). One commit runs at a time; what arrives meanwhile joins
/// the next.
///
/// Runs on its own thread (``DedicatedThread``) so SQLite's blocking commit never stalls request
/// handling. The queue is bounded by events and bytes; a submission that does not fit is refused
/// at once with ``WriterError/saturated`` (a PostgreSQL server that stops answering fills it).
/// A failed commit answers its requests with ``WriterError/storeFailed(_:)``.
actor EventWriter {
    struct Submission {
        var events: [TrackedEvent]
        var bytes: Int
        var continuation: UnsafeContinuation<Result<[Int64], WriterError>, Never>
    }

    nonisolated let thread: DedicatedThread
    /// Bumped after every commit (before its requests are answered): the read API's cache knows
    /// without a query that new events arrived.
    nonisolated let generation = WriteGeneration()
    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }
    /// What requests wait in, behind a lock: a request queues its events on its own thread
    /// instead of hopping to the writer's and back (one thread switch fewer per request).
    nonisolated let queue = Mutex(WriterQueue())

    private let store: any EventGroupWriter
    nonisolated let limits: WriterLimits
    private let logger: Logger
    nonisolated let metrics: IngestMetrics

    /// The wait for a commit window; cancelled when shutdown begins (the commit itself never is).
    private var windowTask: Task<Void, Never>?
    /// Why the last commit failed; nil once a commit succeeds.
    private var lastFailure: String?
    private var eventsWritten = 0
    private var commits = 0

    init(store: any EventGroupWriter, limits: WriterLimits, metrics: IngestMetrics, logger: Logger) {
        self.thread = DedicatedThread(name: "espice-writer")
        self.store = store
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    /// Queues `events` (all or none) and returns their ids once their transaction committed.
    nonisolated func submit(_ events: [TrackedEvent], bytes: Int) async -> Result<[Int64], WriterError> {
        await withUnsafeContinuation { continuation in
            let submission = Submission(events: events, bytes: bytes, continuation: continuation)
            let admission = queue.withLock { queue in
                let admission = queue.admit(submission, limits: limits)
                // Started under the lock, so that `drain` always finds the newest loop.
                if case .queued(_, startCommits: true) = admission { queue.loop = Task { await self.commitWhileQueued() } }
                return admission
            }
            switch admission {
            case .refused(let error):
                if case .saturated = error { metrics.rejectedSaturated.increment() }
                continuation.resume(returning: .failure(error))
            case .queued(let depth, _):
                metrics.queueDepth.record(depth)
            }
        }
    }

    /// What `GET /health` reports: the last commit failure (nil when writable), the queue depth,
    /// and the events committed since start.
    func healthSnapshot() -> (failure: String?, queueDepth: Int, eventsWritten: Int) {
        (lastFailure, queue.withLock { $0.events }, eventsWritten)
    }

    /// Shutdown has begun (the server is finishing its requests): commit at once from now on
    /// instead of waiting out the commit window, so in-flight requests are answered promptly.
    func beginShutdown() {
        queue.withLock { $0.closing = true }
        windowTask?.cancel()
    }

    /// Stops accepting, commits everything queued and answers its requests.
    func drain() async {
        let loop = queue.withLock { queue in
            queue.closing = true
            queue.accepting = false
            return queue.loop
        }
        windowTask?.cancel()
        // No request is admitted from here on, so no other loop starts; this one ends once the
        // queue is empty.
        await loop?.value
        logger.info("writer drained", metadata: ["events_written": "\(eventsWritten)", "commits": "\(commits)"])
    }

    /// Commits until the queue is empty; started by the request that found no commits running.
    /// Each commit waits out the commit window first (when one is configured and the batch is not
    /// full yet); requests arriving meanwhile join the batch.
    private func commitWhileQueued() async {
        while true {
            if limits.maxCommitDelay > .zero {
                let (closing, events, first) = queue.withLock { ($0.closing, $0.events, $0.firstPendingAt) }
                if !closing, events < limits.maxCommitEvents, let first {
                    let window = Task<Void, Never> { _ = try? await Task.sleep(until: first + limits.maxCommitDelay, clock: .continuous) }
                    windowTask = window
                    await window.value
                    windowTask = nil
                }
            }
            guard let batch = queue.withLock({ $0.take(upTo: limits.maxCommitEvents) }) else { return }
            await commit(batch)
        }
    }

    /// Commits `batch` in one transaction, then answers each of its requests.
    private func commit(_ batch: [Submission]) async {
        let count = batch.reduce(0) { $0 + $1.events.count }
        let start = ContinuousClock.now
        var ids: [[Int64]] = []
        let result: Result<Void, WriterError>
        do {
            ids = try await store.commit(batch.map(\.events))
            result = .success(())
        } catch {
            result = .failure(.storeFailed("\(error)"))
        }
        let elapsed = ContinuousClock.now - start
        metrics.queueDepth.record(queue.withLock { $0.events })
        switch result {
        case .success:
            if let failure = lastFailure {
                logger.notice("database writable again", metadata: ["previous_error": "\(failure)"])
                lastFailure = nil
            }
            eventsWritten += count
            commits += 1
            generation.bump()
            metrics.eventsWritten.increment(by: count)
            metrics.commitSize.record(count)
            metrics.commitDuration.recordNanoseconds(elapsed.nanoseconds)
            for (index, submission) in batch.enumerated() {
                submission.continuation.resume(returning: .success(ids[index]))
            }
        case .failure(let error):
            if lastFailure == nil {
                logger.error("commit failed; answering 503", metadata: ["error": "\(error)", "events": "\(count)"])
            }
            lastFailure = "\(error)"
            metrics.commitFailures.increment()
            for submission in batch { submission.continuation.resume(returning: .failure(error)) }
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
