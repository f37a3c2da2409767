import Foundation

/// A serial executor that runs its jobs on one dedicated thread.
///
/// The writer actor runs on it so that SQLite's blocking work (the fsync of each commit) never
/// occupies a thread of Swift's cooperative pool, which on a 2-core machine has two threads and
/// also runs every request handler. Jobs run in the order they were enqueued.
final class WriterThread: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var spare: [UnownedJob] = []

    init(name: String) {
        let thread = Thread { [unowned(unsafe) self] in self.loop() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        if jobs.count == 1 { condition.signal() }
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Takes all queued jobs at once (one lock round trip per wake-up) and runs them in order.
    /// The thread lives as long as the process: the executor is never released.
    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&jobs, &spare)
            condition.unlock()
            for job in spare {
                job.runSynchronously(on: asUnownedSerialExecutor())
            }
            spare.removeAll(keepingCapacity: true)
        }
    }
}
