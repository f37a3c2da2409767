import Model
@testable import Store
import Testing

/// Import batches go in by event time (the time index is then written page by page).
@Suite("batch time order")
struct TimeOrderTests {
    static func events(_ times: [Int64]) -> [TrackedEvent] {
        times.enumerated().map { TrackedEvent(eventType: "e\($0.offset)", timestamp: $0.element) }
    }

    @Test("an ordered batch needs no reordering")
    func ordered() {
        #expect(EventInserter.timeOrder(Self.events([1, 2, 2, 5, 9])) == nil)
        #expect(EventInserter.timeOrder([]) == nil)
    }

    @Test("positions by time, equal times in the order given", arguments: [
        ([5, 1, 3], [1, 2, 0]),
        ([2, 2, 1, 2], [2, 0, 1, 3]),
        ([9, 8, 7, 6], [3, 2, 1, 0]),
    ] as [([Int64], [Int])])
    func reordered(times: [Int64], expected: [Int]) {
        #expect(EventInserter.timeOrder(Self.events(times)) == expected)
    }

    @Test("a shuffled batch of 1,000 is stored whole, in time order")
    func storedInOrder() throws {
        let directory = TemporaryDirectory()
        let store = try TestStore.open(directory.path("t.db"))
        // A fixed permutation of 0..<1000 (multiplying by a unit mod 1000).
        let times = (0..<1000).map { Int64(($0 * 337) % 1000) * 1000 + june1Noon }
        try store.insertBatch(Self.events(times), receivedAt: june1Noon)
        let stored = try store.events(limit: 2_000)
        #expect(stored.count == 1000)
        #expect(stored.map(\.ts) == times.sorted())
        #expect(Set(stored.map(\.eventType)).count == 1000)
    }

    /// Lines of `times` (event type e0, e1, … by line), imported with batches of 1,000.
    func imported(_ times: [Int64], progress: ProgressLog? = nil) throws -> (ImportSummary, [StoredEvent]) {
        let directory = TemporaryDirectory()
        let lines = times.enumerated().map { #"{"event_type":"e\#($0.offset)","timestamp":\#($0.element)}"# }
        let path = try directory.write("events.ndjson", lines.joined(separator: "\n"))
        let store = try TestStore.open(directory.path("t.db"))
        var options = ImportOptions()
        options.batchSize = 1_000
        let summary = try EventImporter(options: options).run([.file(path)], into: store) { progress?.append($0.imported) }
        return (summary, try store.events(limit: times.count + 1))
    }

    @Test("an import in random time order stores every line once, the run's ids following time, committed in slices")
    func shuffledImportGoesInAsSortedRuns() throws {
        // 25,000 distinct times (milliseconds in a fixed permutation: multiplying by a unit mod
        // 25,000), in one run of TimeOrderedRuns: stored in 25 slices of 1,000.
        let times = (0..<25_000).map { june1Noon + Int64(($0 * 7_919) % 25_000) }
        let progress = ProgressLog()
        let (summary, stored) = try imported(times, progress: progress)
        #expect(summary.imported == 25_000)
        #expect(stored.count == 25_000)
        #expect(stored.map(\.ts) == times.sorted())
        // Each line once, with its own time: e<line> carries times[line].
        #expect(Set(stored.map { "\($0.eventType) \($0.ts)" }) == Set(times.enumerated().map { "e\($0.offset) \($0.element)" }))
        #expect(progress.values == stride(from: 1_000, through: 25_000, by: 1_000).map { $0 })
    }

    @Test("ordered batches go in as they come; a batch that goes back in time starts a sorted run")
    func orderedThenShuffled() throws {
        // 3,000 in order, then 2,000 reaching back before them (reversed), then 500 in order again.
        let ordered = (0..<3_000).map { june1Noon + 10_000 + Int64($0) }
        let back = (0..<2_000).map { june1Noon + Int64(12_000 - $0 * 6) }
        let after = (0..<500).map { june1Noon + 20_000 + Int64($0) }
        let times = ordered + back + after
        let (summary, stored) = try imported(times)
        #expect(summary.imported == times.count && stored.count == times.count)
        // The first three batches keep their ids; the rest is one run, sorted.
        #expect(Array(stored.prefix(3_000).map(\.ts)) == ordered)
        #expect(Array(stored.dropFirst(3_000).map(\.ts)) == (back + after).sorted())
        #expect(Set(stored.map { "\($0.eventType) \($0.ts)" }) == Set(times.enumerated().map { "e\($0.offset) \($0.element)" }))
    }
}

/// Which arrivals the rollup refresh folds as in time order (issue 16): the spans of an in-order
/// fold must each cover a share of the time, not all of it.
@Suite("Spans of a fold in time order")
struct FoldOrderTests {
    /// 257 samples, as the refresh takes them, of `time(index)`.
    static func samples(_ time: (Int) -> Int64) -> [Int64] { (0...256).map(time) }

    @Test("events in time order, with a tenth of stragglers, and in sorted runs over all the time")
    func spansAndTheirShareOfTime() {
        let day: Int64 = 86_400_000
        // In order: sample i at i hours.
        #expect(AnalyticsStore.spansCoverTheirShare(Self.samples { Int64($0) * 3_600_000 }))
        // Every tenth sample a straggler from the start of the period: still in order.
        #expect(AnalyticsStore.spansCoverTheirShare(Self.samples { $0 % 10 == 0 ? Int64($0 % 7) * day : Int64($0) * 3_600_000 }))
        // Ten runs, each sorted over the same 90 days (a shuffled file imported in sorted runs).
        #expect(!AnalyticsStore.spansCoverTheirShare(Self.samples { Int64($0 % 26) * 90 * day / 26 }))
        // All at one instant: nothing to split.
        #expect(AnalyticsStore.spansCoverTheirShare(Self.samples { _ in 5 }))
    }
}
