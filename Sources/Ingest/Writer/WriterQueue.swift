import Model

/// The events waiting for the writer, kept behind ``EventWriter/queue``'s lock: bounded by
/// events and bytes, taken in whole submissions, with the commit loop that is running, if any.
struct WriterQueue: ~Copyable {
    /// What ``admit(_:limits:)`` did with a submission.
    enum Admission {
        case refused(WriterError)
        /// Queued; `startCommits` when no commit loop is running (the caller starts one, under
        /// the same lock).
        case queued(depth: Int, startCommits: Bool)
    }

    var pending: [EventWriter.Submission] = []
    /// Events and bytes of event text in `pending`.
    var events = 0
    var bytes = 0
    var accepting = true
    /// Set when shutdown begins: commits stop waiting for their window.
    var closing = false
    var firstPendingAt: ContinuousClock.Instant?
    /// The commit loop, from the submission that starts it until it finds the queue empty;
    /// `drain` waits for it.
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
        return .queued(depth: events, startCommits: loop == nil)
    }

    /// Whole submissions up to `maxEvents` events (at least one), or nil — and the commit loop
    /// ends — when nothing is queued.
    mutating func take(upTo maxEvents: Int) -> [EventWriter.Submission]? {
        guard !pending.isEmpty else {
            loop = nil
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
