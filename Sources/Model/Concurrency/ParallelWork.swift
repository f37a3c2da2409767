internal import Foundation

/// Runs indexed work on plain threads and waits for all of it. Plain threads, not
/// `DispatchQueue.concurrentPerform`: called from a dispatch or Swift-concurrency thread, that may
/// run the iterations one after the other while the pool grows, which a 2-core machine shows.
public enum ParallelWork {
    /// Calls `body(index)` for every index in `0..<count`, on up to `workers` threads (the
    /// calling thread only waits). Indexes are handed out in order, so put the longest first.
    public static func run(_ count: Int, workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let threads = max(1, min(workers, count))
        if threads == 1 {
            for index in 0..<count { body(index) }
            return
        }
        let counter = Counter()
        let finished = DispatchSemaphore(value: 0)
        // The threads reach `body` through a box the caller empties once they are done: what
        // `body` captures is released here, before returning — not whenever each thread ends
        // (after the process may have exited, leaving e.g. a database unclosed).
        let work = WorkBox(body)
        for _ in 0..<threads {
            Thread {
                while let index = counter.take(below: count) { work.body?(index) }
                finished.signal()
            }.start()
        }
        for _ in 0..<threads { finished.wait() }
        work.body = nil
    }

    /// Like ``run(_:workers:_:)``, collecting each index's result in order.
    public static func map<T: Sendable, E: Error>(
        _ count: Int, workers: Int, _ body: @escaping @Sendable (Int) throws(E) -> T
    ) -> [Result<T, E>] {
        let results = Slots<Result<T, E>>(count: count)
        run(count, workers: workers) { index in
            results.set(index, Result(catching: { () throws(E) in try body(index) }))
        }
        return results.values.map { $0! }
    }

    /// The default number of workers: `MAX_WORKERS` when set, else the number of cores.
    public static var defaultWorkers: Int {
        if let text = ProcessInfo.processInfo.environment["MAX_WORKERS"], let value = Int(text), value > 0 { return value }
        return ProcessInfo.processInfo.activeProcessorCount
    }
}

/// The work of ``ParallelWork/run(_:workers:_:)``'s threads, released by the caller.
private final class WorkBox: @unchecked Sendable {
    var body: (@Sendable (Int) -> Void)?

    init(_ body: @escaping @Sendable (Int) -> Void) { self.body = body }
}

/// Hands out indexes to the worker threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// One slot per index, written from the worker threads.
private final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

    var values: [T?] { lock.withLock { slots } }
}
