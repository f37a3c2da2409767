import Logging
import Metrics
import Model
import Store

/// The one owner of the database writer (SQLite, or PostgreSQL through ``EventGroupWriter``):
/// queues validated events from every request and commits them in groups — all requests waiting
/// when a commit starts share its transaction, and each is answered with its ids only after that
/// transaction committed (group commit). One commit runs at a time; what arrives meanwhile joins
/// the next.
///
/// Runs on its own thread (``WriterThread``) so SQLite's blocking commit never stalls request
/// handling. The queue is bounded by events and bytes; a submission that does not fit is refused
/// at once with ``WriterError/saturated`` (a PostgreSQL server that stops answering fills it).
/// A failed commit answers its requests with ``WriterError/storeFailed(_:)``.
actor EventWriter {
    private struct Submission {
        var events: [TrackedEvent]
        var bytes: Int
        var continuation: CheckedContinuation<Result<[Int64], WriterError>, Never>
    }

    nonisolated let thread: WriterThread
    /// Bumped after every commit (before its requests are answered): the read API's cache knows
    /// without a query that new events arrived.
    nonisolated let generation = WriteGeneration()
    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }

    private let store: any EventGroupWriter
    private let limits: WriterLimits
    private let logger: Logger
    private let metrics: IngestMetrics

    private var pending: [Submission] = []
    private var pendingEvents = 0
    private var pendingBytes = 0
    private var commitScheduled = false
    private var accepting = true
    /// Set when shutdown begins: commits stop waiting for their window.
    private var closing = false
    private var commitTask: Task<Void, Never>?
    /// The wait for a commit window; cancelled when shutdown begins (the commit itself never is).
    private var windowTask: Task<Void, Never>?
    private var firstPendingAt: ContinuousClock.Instant?
    /// Why the last commit failed; nil once a commit succeeds.
    private var lastFailure: String?
    private var eventsWritten = 0
    private var commits = 0

    init(store: any EventGroupWriter, limits: WriterLimits, metrics: IngestMetrics, logger: Logger) {
        self.thread = WriterThread(name: "espice-writer")
        self.store = store
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    /// Queues `events` (all or none) and returns their ids once their transaction committed.
    func submit(_ events: [TrackedEvent], bytes: Int) async -> Result<[Int64], WriterError> {
        guard accepting else { return .failure(.shuttingDown) }
        let fitsCount = pendingEvents == 0 || pendingEvents + events.count <= limits.queueCapacity
        let fitsBytes = pendingBytes == 0 || pendingBytes + bytes <= limits.queueCapacityBytes
        guard fitsCount && fitsBytes else {
            metrics.rejectedSaturated.increment()
            return .failure(.saturated)
        }
        return await withCheckedContinuation { continuation in
            pending.append(Submission(events: events, bytes: bytes, continuation: continuation))
            pendingEvents += events.count
            pendingBytes += bytes
            metrics.queueDepth.record(pendingEvents)
            if firstPendingAt == nil { firstPendingAt = .now }
            scheduleCommit()
        }
    }

    /// What `GET /health` reports: the last commit failure (nil when writable), the queue depth,
    /// and the events committed since start.
    func healthSnapshot() -> (failure: String?, queueDepth: Int, eventsWritten: Int) {
        (lastFailure, pendingEvents, eventsWritten)
    }

    /// Shutdown has begun (the server is finishing its requests): commit at once from now on
    /// instead of waiting out the commit window, so in-flight requests are answered promptly.
    func beginShutdown() {
        closing = true
        windowTask?.cancel()
    }

    /// Stops accepting, commits everything queued and answers its requests.
    func drain() async {
        closing = true
        accepting = false
        windowTask?.cancel()
        if let running = commitTask { await running.value }
        while !pending.isEmpty { await commitNow() }
        logger.info("writer drained", metadata: ["events_written": "\(eventsWritten)", "commits": "\(commits)"])
    }

    private func scheduleCommit() {
        guard !commitScheduled else { return }
        commitScheduled = true
        commitTask = Task { await self.commitWhenDue() }
    }

    /// Waits out the commit window (when one is configured and the batch is not full yet), then
    /// commits. Requests arriving meanwhile run on this actor and join the batch.
    private func commitWhenDue() async {
        if limits.maxCommitDelay > .zero, !closing, pendingEvents < limits.maxCommitEvents,
            let first = firstPendingAt
        {
            let window = Task<Void, Never> { _ = try? await Task.sleep(until: first + limits.maxCommitDelay, clock: .continuous) }
            windowTask = window
            await window.value
            windowTask = nil
        }
        await commitNow()
        commitScheduled = false
        commitTask = nil
        if !pending.isEmpty && accepting { scheduleCommit() }
    }

    /// Takes whole submissions up to `maxCommitEvents` (at least one) and commits them in one
    /// transaction, then answers each.
    private func commitNow() async {
        guard !pending.isEmpty else { return }
        var taken = 0
        var count = 0
        while taken < pending.count {
            let size = pending[taken].events.count
            if taken > 0 && count + size > limits.maxCommitEvents { break }
            count += size
            taken += 1
        }
        let batch = Array(pending[0..<taken])
        pending.removeFirst(taken)
        let bytes = batch.reduce(0) { $0 + $1.bytes }
        pendingEvents -= count
        pendingBytes -= bytes
        firstPendingAt = pending.isEmpty ? nil : .now

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
        metrics.queueDepth.record(pendingEvents)
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
