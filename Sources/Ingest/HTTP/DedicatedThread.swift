import Foundation
import Glibc
import Model

/// A serial executor that runs its jobs on one dedicated thread.
///
/// The writer actor runs on one so that SQLite's blocking work (the fsync of each commit) never
/// occupies a thread of Swift's cooperative pool, which on a 2-core machine has two threads and
/// also runs every request handler; the read API's folds and reports run on another
/// (``ReadWorker``). Jobs run in the order they were enqueued.
final class DedicatedThread: SerialExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var spare: [UnownedJob] = []

    /// `nice`: the thread's CPU priority on Linux (0 as usual, up to 19 for background work;
    /// nice values are per thread there).
    init(name: String, nice: Int32 = 0) {
        NamedThread.start(name, stackSize: 1 << 20) { [unowned(unsafe) self] in
            // Who 0 is the calling thread: on Linux a nice value belongs to a thread.
            if nice != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice) }
            self.loop()
        }
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
