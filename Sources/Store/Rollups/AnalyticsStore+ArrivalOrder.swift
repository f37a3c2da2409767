internal import GRDB

/// Whether a span of events arrived in time order, which decides how a refresh folds it
/// (``AnalyticsStore/refreshRollups(_:full:chunkSize:workers:usersByDayAbove:)``).
extension AnalyticsStore {
    /// Whether the events with ids in `(lower, upper]` arrived roughly in time order, judged from
    /// 257 evenly spaced samples (a few hundred index lookups): true when fewer than 5 % of
    /// consecutive samples go back in time (ties and the odd straggler count as in order), and
    /// the samples of each sixth of the ids (what a span holds) cover a part of the time, not all
    /// of it (``spansCoverTheirShare(_:)``).
    func isInTimeOrder(after lower: Int64, upTo upper: Int64) throws(StoreError) -> Bool {
        guard upper - lower > 1_000 else { return true }
        let samples = 256
        let times: [Int64] = try read { db in
            let statement = try db.makeStatement(sql: "SELECT ts FROM events WHERE id > ? ORDER BY id LIMIT 1")
            var times: [Int64] = []
            for index in 0...samples {
                let id = lower + (upper - lower) * Int64(index) / Int64(samples)
                if let time = try Int64.fetchOne(statement, arguments: [id]) { times.append(time) }
            }
            return times
        }
        let backwards = zip(times, times.dropFirst()).filter { $0.1 < $0.0 }.count
        return backwards * 20 < samples && Self.spansCoverTheirShare(times)
    }

    /// Whether `times` (sampled in id order) split into six consecutive groups have middle 80 %
    /// ranges that add up to at most twice the whole sample's: events in time order tile the time
    /// (the ranges add up to about the whole), a tenth of stragglers leaves each group's middle
    /// where it was, but runs each sorted over the whole period (an import of shuffled lines
    /// sorts runs of 100,000) give every group nearly the whole range — each span would touch
    /// every hour and day, and is folded as out of order.
    package static func spansCoverTheirShare(_ times: [Int64]) -> Bool {
        func middle(_ part: ArraySlice<Int64>) -> Int64 {
            let sorted = part.sorted()
            guard sorted.count >= 5 else { return 0 }
            return sorted[sorted.count * 9 / 10] - sorted[sorted.count / 10]
        }
        let whole = middle(times[...])
        guard whole > 0 else { return true }
        let size = max(1, (times.count + 5) / 6)
        let parts = stride(from: 0, to: times.count, by: size).map { middle(times[$0..<min(times.count, $0 + size)]) }
        return parts.reduce(0, +) <= 2 * whole
    }
}
