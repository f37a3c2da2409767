internal import Foundation

/// The user days of a large out-of-order span, read day by day on threads of their own and
/// handed to the writer in day order (``AnalyticsStore/foldUsersByDay(_:from:directory:spans:target:)``).
///
/// Reading starts before the writer needs the first day: beside the fold of a rebuild's hour
/// slots, or beside the merge of a span's hour slots, which keeps one core busy and left the
/// other idle. Memory stays bounded: a thread takes the next day only while the days read and
/// not yet merged hold fewer than `entryLimit` user days, or the day is among the next
/// `workers` the writer needs.
final class UserDayReadAhead: @unchecked Sendable {
    /// What ``next(wait:)`` hands over.
    enum Next {
        /// The next day's batch (or why it could not be read).
        case ready(Result<UserDayBatch, StoreError>)
        /// The next day is still being read (only without waiting).
        case pending
        /// Every day has been handed over.
        case done
    }

    /// The default bound on user days read and not yet merged (about 20 MB of entries and ids).
    static let defaultEntryLimit = 400_000

    private let condition = NSCondition()
    private let count: Int
    private let workers: Int
    private let entryLimit: Int
    private let finished = DispatchSemaphore(value: 0)
    /// Released by ``finish()``: what it captures (the store) never outlives the caller.
    private var read: (@Sendable (Int) throws(StoreError) -> UserDayBatch)?
    private var results: [Int: Result<UserDayBatch, StoreError>] = [:]
    /// The next index a thread takes, and the next one the writer takes.
    private var taken = 0
    private var handed = 0
    /// User days of `results`, and the most they ever held (tests check the bound).
    private var buffered = 0
    private(set) var mostBuffered = 0
    private var stopped = false
    private var threads = 0

    /// Starts reading days `0..<count` (`read(index)` reads one) on `workers` threads.
    init(count: Int, workers: Int, entryLimit: Int = defaultEntryLimit, read: @escaping @Sendable (Int) throws(StoreError) -> UserDayBatch) {
        self.count = count
        self.workers = max(1, workers)
        self.entryLimit = entryLimit
        self.read = read
        threads = min(self.workers, count)
        for _ in 0..<threads { Thread { [self] in work() }.start() }
    }

    /// The next day's batch, in day order. Without `wait`, `.pending` when it is not read yet.
    func next(wait: Bool) -> Next {
        condition.lock()
        defer { condition.unlock() }
        guard handed < count else { return .done }
        while results[handed] == nil {
            guard wait else { return .pending }
            condition.wait()
        }
        let result = results.removeValue(forKey: handed)!
        if case .success(let batch) = result { buffered -= batch.entryCount }
        handed += 1
        condition.broadcast()
        return .ready(result)
    }

    /// Stops the threads (a day being read is finished first) and waits for them. Called once,
    /// before the caller's last use of what `read` captures.
    func finish() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
        for _ in 0..<threads { finished.wait() }
        threads = 0
        read = nil
    }

    private func work() {
        while let index = take() {
            let result = Result { () throws(StoreError) in try read!(index) }
            condition.lock()
            results[index] = result
            if case .success(let batch) = result { buffered += batch.entryCount }
            mostBuffered = max(mostBuffered, buffered)
            condition.broadcast()
            condition.unlock()
        }
        finished.signal()
    }

    /// The next index to read, once the bound allows; nil when stopped or all are taken.
    private func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && taken < count && taken >= handed + workers && buffered >= entryLimit {
            condition.wait()
        }
        guard !stopped && taken < count else { return nil }
        taken += 1
        return taken - 1
    }
}
