import Model

/// The events waiting for the writer, kept behind ``EventWriter/queue``'s lock: bounded by
/// events and bytes, taken in whole submissions, with the flag that says a commit loop runs.
struct WriterQueue: ~Copyable {
    /// What ``admit(_:limits:)`` did with a submission.
    enum Admission {
        case refused(WriterError)
        /// Queued; `startCommits` when no commit loop was running (the caller starts one).
        case queued(depth: Int, startCommits: Bool)
    }

    var pending: [EventWriter.Submission] = []
    /// Events and bytes of event text in `pending`.
    var events = 0
    var bytes = 0
    /// True from the submission that starts a commit loop until that loop finds the queue empty.
    var committing = false
    var accepting = true
    /// Set when shutdown begins: commits stop waiting for their window.
    var closing = false
    var firstPendingAt: ContinuousClock.Instant?
    /// The running (or last) commit loop, which `drain` waits for.
    var loop: Task<Void, Never>?

    /// Queues `submission` when the writer accepts and it fits (one always fits an empty queue).
    mutating func admit(_ submission: EventWriter.Submission, limits: WriterLimits) -> Admission {
        guard accepting else { return .refused(.shuttingDown) }
        let fitsCount = events == 0 || events + submission.events.count <= limits.queueCapacity
        let fitsBytes = bytes == 0 || bytes + submission.bytes <= limits.queueCapacityBytes
        guard fitsCount && fitsBytes else { return .refused(.saturated) }
        pending.append(submission)
        events += submission.events.count
        bytes += submission.bytes
        if firstPendingAt == nil { firstPendingAt = .now }
        let start = !committing
        committing = true
        return .queued(depth: events, startCommits: start)
    }

    /// Whole submissions up to `maxEvents` events (at least one), or nil — and the commit loop
    /// ends — when nothing is queued.
    mutating func take(upTo maxEvents: Int) -> [EventWriter.Submission]? {
        guard !pending.isEmpty else {
            committing = false
            return nil
        }
        var taken = 0
        var count = 0
        var size = 0
        while taken < pending.count {
            let next = pending[taken].events.count
            if taken > 0 && count + next > maxEvents { break }
            count += next
            size += pending[taken].bytes
            taken += 1
        }
        let batch = Array(pending[0..<taken])
        pending.removeFirst(taken)
        events -= count
        bytes -= size
        firstPendingAt = pending.isEmpty ? nil : .now
        return batch
    }
}
