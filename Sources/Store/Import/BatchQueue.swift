internal import Foundation

/// A bounded hand-over of event batches from the thread that reads and validates to the thread
/// that inserts: at most `capacity` batches wait, so memory stays constant while both cores work.
///
/// Either side can stop the other: the reader ends with ``finish(_:error:)`` (with an error when it
/// failed), the writer with ``cancel()`` when the database refused a batch.
final class BatchQueue<Element: Sendable, Outcome: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var capacity: Int
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private var outcome: Outcome?
    private var spares: [Element] = []
    /// Set by the consumer when it would rather do some of the producer's work than wait.
    private var helping = false
    /// True while the consumer waits in ``take()`` (until it wakes, even once an item came).
    private var consumerWaiting = false
    /// Set by the consumer once it takes items in a second form (an import's lines undecoded).
    private var secondForm = false

    init(capacity: Int = 2) {
        self.capacity = capacity
    }

    /// Lets up to `capacity` batches wait from now on (never fewer than before): the writer asks
    /// for more room while it gathers a run out of time order, so that the reader goes on
    /// reading the next run while this one is sorted and stored, instead of waiting for it.
    func allow(_ capacity: Int) {
        condition.lock()
        if capacity > self.capacity {
            self.capacity = capacity
            condition.broadcast()
        }
        condition.unlock()
    }

    /// The consumer offers (or stops offering) to take work the producer would do itself, when
    /// it has nothing else to do (``wantsHelp()``).
    func offerHelp(_ offered: Bool) {
        locked { helping = offered }
    }

    /// Whether the consumer offered help and is idle: waiting for an item, or not yet awake
    /// for the one just put (checked right after a put, the queue is seldom empty).
    func wantsHelp() -> Bool {
        locked { helping && !cancelled && (items.isEmpty || consumerWaiting) }
    }

    /// The consumer takes (or stops taking) items in their second form from now on
    /// (``takesSecondForm()``).
    func acceptSecondForm(_ accepted: Bool) {
        locked { secondForm = accepted }
    }

    /// Whether the consumer takes items in their second form.
    func takesSecondForm() -> Bool {
        locked { secondForm }
    }

    private func locked<R>(_ body: () -> R) -> R {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    /// Waits for room, then enqueues; false when the consumer has cancelled (stop reading).
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next batch, nil once the producer finished and everything was taken; rethrows the
    /// producer's error after the batches it enqueued before failing.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished {
            consumerWaiting = true
            condition.wait()
        }
        consumerWaiting = false
        if !items.isEmpty {
            let item = items.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// Gives a used item back, so that the producer frees (or reuses) its memory on its own
    /// thread rather than the consumer's.
    func recycle(_ item: Element) {
        condition.lock()
        if spares.count < capacity { spares.append(item) }
        condition.unlock()
    }

    /// A used item given back by the consumer, if any.
    func reuse() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        return spares.popLast()
    }

    /// The producer is done with `outcome`; `error` is what stopped it early, if anything.
    func finish(_ outcome: Outcome, error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        self.outcome = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: waiting and future puts return at once.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has called ``finish(_:error:)`` and returns its outcome.
    func waitForOutcome() -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        return outcome!
    }
}
