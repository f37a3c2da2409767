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
        // Jobs are one type over one range, grouped by the window they read, longest windows
        // first so that the short ones fill in behind them; ranges reading the same window (`90d`
        // beside `all` on a 90-day database) share its group. In a group user_activity comes
        // first: with many users its per-user lists are by far the longest to write. The board
        // hands a worker the first job whose window no other worker is reading at that moment.
        let earliest = try store.earliestEventTime()
        var groups: [(window: TimeWindow, ranges: [NamedRange])] = []
        for named in ranges.sorted(by: { Self.weight($0.range) > Self.weight($1.range) }) {
            let window = readWindow(named.range.window(asOf: asOf, earliest: earliest), earliest: earliest)
            if let group = groups.firstIndex(where: { $0.window == window }) {
                groups[group].ranges.append(named)
            } else {
                groups.append((window, [named]))
            }
        }
        let ordered = types.filter { $0 == .userActivity } + types.filter { $0 != .userActivity }
        let jobs: [(window: TimeWindow, named: NamedRange, type: ReportType)] = groups.flatMap { group in
            ordered.flatMap { type in group.ranges.map { (group.window, $0, type) } }
        }
        let board = ReportJobBoard(windows: jobs.map(\.window))
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
        // Each index past the edges is a turn at the board: one job each, whichever it hands out.
        let results = ParallelWork.map(shared.count + jobs.count, workers: workers) { (index) throws(any Error) in
            guard index >= shared.count else {
                return try store.readSharedEdge(shared[index], endingAt: asOf, settings: settings, edges: cache.edges)
            }
            guard let taken = board.take() else { return }
            let job = jobs[taken.index]
            defer { if let window = board.finished(taken.index) { cache.release(window: window) } }
            let document: ReportDocument
            do {
                defer { if taken.loads { board.loaded(job.window) } }
                document = try engine.generate(
                    ReportRequest(type: job.type, range: job.named.range, asOf: asOf, filters: filters), generatedAt: generatedAt, cache: cache)
            }
            try body(ReportSlot(type: job.type, range: job.named.name), document)
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

/// Documents handed in from the worker threads.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [ReportSlot: ReportDocument] = [:]

    func add(_ slot: ReportSlot, _ document: ReportDocument) { lock.withLock { all[slot] = document } }

    var documents: [ReportSlot: ReportDocument] { lock.withLock { all } }
}
