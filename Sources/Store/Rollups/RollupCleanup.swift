internal import Foundation
internal import Logging

/// Work a refresh leaves running beside what its caller does next: the drop of the tables the
/// last rebuild swapped out (``AnalyticsStore/dropOldTables(_:)``). Dropped while the reports are
/// computed and written, it no longer adds to the run: after late events at 1M events, the drop
/// was a quarter of the refresh.
///
/// One at a time per store, and every refresh waits for it before it begins, so no two drops or
/// a drop and a rebuild ever meet in one process. A drop cut short (the process exits without
/// ``AnalyticsStore/finishBackgroundWork()``) leaves whole transactions: the next refresh that
/// folds drops the rest.
final class RollupCleanup: @unchecked Sendable {
    /// Every cleanup of the process that has not finished.
    static let pending = DispatchGroup()
    private let condition = NSCondition()
    private var running = false

    /// Waits for the last cleanup, then runs `work` on a thread of its own. A failure is logged:
    /// the tables stay and the next refresh that folds tries again.
    func start(logger: Logger, _ work: @escaping @Sendable () throws -> Void) {
        waitUntilDone()
        condition.lock()
        running = true
        condition.unlock()
        Self.pending.enter()
        let thread = Thread { [self] in
            do {
                try work()
            } catch {
                logger.warning("could not drop the rollup tables the last rebuild swapped out; the next refresh tries again", metadata: ["error": "\(error)"])
            }
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
            Self.pending.leave()
        }
        thread.name = "espice.rollups.cleanup"
        thread.start()
    }

    /// Returns once no cleanup of this store runs.
    func waitUntilDone() {
        condition.lock()
        while running { condition.wait() }
        condition.unlock()
    }
}

extension AnalyticsStore {
    /// Waits for the cleanups every store of the process left running beside their callers
    /// (``RollupCleanup``); the command line calls it before it exits.
    public static func finishBackgroundWork() {
        RollupCleanup.pending.wait()
    }

    /// Waits for this store's cleanup, if one runs.
    public func finishBackgroundWork() {
        cleanup.waitUntilDone()
    }
}
