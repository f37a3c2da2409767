public import Model
public import Store
internal import Foundation

/// A report type at a named range, as a build or `report all` computes them.
public struct ReportSlot: Sendable, Hashable {
    public var type: ReportType
    /// The range's name as given (`7d`, `all`, …).
    public var range: String

    public init(type: ReportType, range: String) {
        self.type = type
        self.range = range
    }
}

extension ReportEngine {
    /// Computes every type over every range. The reports share their window aggregates (one
    /// ``ReportCache``); ranges are computed on up to `workers` threads (no more than the
    /// cores), each with its own WAL reader. Call ``refresh(full:)`` first.
    public func generateAll(
        types: [ReportType], ranges: [(name: String, range: TimeRange)], asOf: Int64, filters: ReportFilters = ReportFilters(),
        generatedAt: Int64 = Clock.nowMilliseconds(), workers: Int = 2
    ) throws -> [ReportSlot: ReportDocument] {
        let collected = Collected()
        try generateEach(types: types, ranges: ranges, asOf: asOf, filters: filters, generatedAt: generatedAt, workers: workers) {
            slot, document in collected.add(slot, document)
        }
        return collected.documents
    }

    /// Like ``generateAll(types:ranges:asOf:filters:generatedAt:workers:)``, handing each
    /// document to `body` on the worker thread that computed it (to write it out there, without
    /// keeping every document in memory). The first error stops nothing already running and is
    /// thrown once all workers are done.
    public func generateEach(
        types: [ReportType], ranges: [(name: String, range: TimeRange)], asOf: Int64, filters: ReportFilters = ReportFilters(),
        generatedAt: Int64 = Clock.nowMilliseconds(), workers: Int = 2,
        _ body: @escaping @Sendable (ReportSlot, ReportDocument) throws -> Void
    ) throws {
        // Longest ranges first, so the short ones fill in behind them — except ranges that read
        // the same window as a longer one (`90d` beside `all` on a 90-day database): those last,
        // as they mostly wait for the other's window and reports.
        let earliest = try store.earliestEventTime()
        var seen = Set<TimeWindow>()
        let (first, repeated) = ranges.sorted { Self.weight($0.range) > Self.weight($1.range) }.reduce(into: ([NamedRange](), [NamedRange]())) {
            let window = readWindow($1.range.window(asOf: asOf, earliest: earliest), earliest: earliest)
            if seen.insert(window).inserted { $0.0.append($1) } else { $0.1.append($1) }
        }
        let jobs = first + repeated
        // How many jobs still to finish read each current window: the last one releases it.
        let readers = Readers(jobs.map { readWindow($0.range.window(asOf: asOf, earliest: earliest), earliest: earliest) })
        let engine = self
        // One cache for all ranges: they end at the same as-of (their last partial hour and day
        // are read once) and may share whole windows.
        let cache = ReportCache()
        // First, on two threads, the raw parts all windows share (the last partial hour and day
        // before as-of), so that no window waits for another to read them; without filters only
        // (filtered windows fold their raw events directly).
        let shared: [SharedEdge] = filters.isEmpty && workers > 1 ? SharedEdge.allCases : []
        // The work is CPU-bound: threads beyond the cores only hold more windows in memory at once
        // (with many users each holds its per-user rows) without finishing sooner.
        let workers = min(workers, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let store = self.store
        let settings = self.settings
        let results = ParallelWork.map(shared.count + jobs.count, workers: workers) { (index) throws(any Error) in
            guard index >= shared.count else {
                return try store.readSharedEdge(shared[index], endingAt: asOf, settings: settings, edges: cache.edges)
            }
            let job = jobs[index - shared.count]
            defer { if let window = readers.finished(index - shared.count) { cache.release(window: window) } }
            for type in types {
                let document = try engine.generate(
                    ReportRequest(type: type, range: job.range, asOf: asOf, filters: filters), generatedAt: generatedAt, cache: cache)
                try body(ReportSlot(type: type, range: job.name), document)
            }
        }
        for result in results { try result.get() }
    }

    private typealias NamedRange = (name: String, range: TimeRange)

    private static func weight(_ range: TimeRange) -> Int64 {
        switch range {
        case .all: .max
        case .days(let days): Int64(days)
        case .explicit(let from, let to): (to - from) / 86_400_000
        }
    }
}

/// The current window each job reads, and how many unfinished jobs read each.
private final class Readers: @unchecked Sendable {
    private let lock = NSLock()
    private let windows: [TimeWindow]
    private var pending: [TimeWindow: Int] = [:]

    init(_ windows: [TimeWindow]) {
        self.windows = windows
        for window in windows { pending[window, default: 0] += 1 }
    }

    /// Job `index` is done: its window when no other unfinished job reads it.
    func finished(_ index: Int) -> TimeWindow? {
        lock.withLock {
            let window = windows[index]
            pending[window, default: 1] -= 1
            return pending[window] == 0 ? window : nil
        }
    }
}

/// Documents handed in from the worker threads.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [ReportSlot: ReportDocument] = [:]

    func add(_ slot: ReportSlot, _ document: ReportDocument) { lock.withLock { all[slot] = document } }

    var documents: [ReportSlot: ReportDocument] { lock.withLock { all } }
}
