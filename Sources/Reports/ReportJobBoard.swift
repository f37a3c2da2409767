internal import Model
internal import Foundation

/// Hands the jobs of a batch (one report type over one range each) to the worker threads, in
/// priority order but never a job whose window another worker is reading right now: that worker
/// would only wait for it (``ReportCache`` reads a window once). It takes the next job whose window
/// is read already or not yet claimed, so that two workers read two windows side by side, and a
/// job of a window being read waits on the board only when nothing else is left to do.
///
/// Why: jobs were whole ranges, and a range that reads the same window as a longer one (`90d`
/// beside `all` on a 90-day database) went last, as it mostly waited for the other's window. With
/// 200,000 users its user_activity lists are the largest file of the batch (87 MB of JSON at 1M
/// events): written last, alone, they left the other core idle for the last 0.8 s of a 4 s run.
final class ReportJobBoard: @unchecked Sendable {
    /// A job as the board sees it: the window it reads, by its position in priority order.
    struct Taken: Equatable {
        /// The job's position in the list the board was made with.
        var index: Int
        /// True for the first job of its window: the caller reads the window and then calls
        /// ``loaded(_:)`` (also when the job failed).
        var loads: Bool
    }

    private enum WindowState { case loading, loaded }

    private let condition = NSCondition()
    private let windows: [TimeWindow]
    /// Positions not yet taken, in priority order.
    private var pending: [Int]
    private var states: [TimeWindow: WindowState] = [:]
    /// Jobs of each window not yet finished (taken or not).
    private var unfinished: [TimeWindow: Int] = [:]

    /// `windows[i]` is the window job `i` reads; jobs are taken by their order in the list.
    init(windows: [TimeWindow]) {
        self.windows = windows
        pending = Array(windows.indices)
        for window in windows { unfinished[window, default: 0] += 1 }
    }

    /// The next job, or nil when none is left. Waits while every job left reads a window that
    /// another worker is reading.
    func take() -> Taken? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            guard !pending.isEmpty else { return nil }
            if let position = pending.firstIndex(where: { states[windows[$0]] != .loading }) {
                let index = pending.remove(at: position)
                let window = windows[index]
                let loads = states[window] == nil
                if loads { states[window] = .loading }
                return Taken(index: index, loads: loads)
            }
            condition.wait()
        }
    }

    /// The window `window` is read (or failed to be: later jobs then read it themselves).
    func loaded(_ window: TimeWindow) {
        condition.lock()
        states[window] = .loaded
        condition.broadcast()
        condition.unlock()
    }

    /// Job `index` is done: its window when no other job reads it any more (to release it).
    func finished(_ index: Int) -> TimeWindow? {
        condition.lock()
        defer { condition.unlock() }
        let window = windows[index]
        unfinished[window, default: 1] -= 1
        return unfinished[window] == 0 ? window : nil
    }
}
