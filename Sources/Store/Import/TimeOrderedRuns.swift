internal import Model
internal import Foundation

/// The writing side of a non-strict import: batches in time order go in as they come; batches
/// out of time order (archives of several services merged, a file sorted by user) are gathered
/// into a run of up to ``runSize`` events, which goes in sorted by time, each transaction a slice
/// of the run's time span. Either way a transaction holds at most ``transactionSize`` events.
///
/// Why: a transaction rewrites every index page its events land on. With the time index this
/// was written for, ten thousand events in random time order landed on nearly every page, and a
/// shuffled file took 2.3× as long as the same events in order; in the bucket index
/// (``EventTimeIndex``) they still land at the end of every bucket of the file's time span. The
/// slices of a sorted run land on different pages, so together they write those pages about
/// once, whatever their size: transactions can be short (``transactionSize``), so that an
/// ingest daemon writing to the same file never waits long for the write lock. Memory grows by
/// one run.
///
/// When a second run begins, runs are written sorted to a temporary file (``RunSpill``) and
/// merged back at the end of the input, so the rest of the import goes in in one time order: an
/// external sort. The table's ids then follow time, as after an import in order, and a fold's
/// span of ids covers a short time, not every day of the file. (It was first done for the time
/// index, which each run wrote most of again; the bucket index of ``EventTimeIndex`` takes a run
/// at its buckets' ends.) Once runs are spilled, every later batch joins them, and lines come
/// undecoded with their times: they go into the sort file as they are and are decoded as the
/// merged runs are stored (``SortedLines``), so the first phase costs little more than reading
/// the file. A single run, as a file of late events makes, is never spilled.
///
/// Runs used to be stored as they filled while the table held under a million events (a run
/// then cost little, its index pages in the cache, and went in while more was read). With lines
/// kept undecoded, the sort file is the cheaper way at any size: a shuffled 1M-event file took
/// 1.22–1.71× the ordered one that way, and 1.02–1.32× through the sort file (six rounds each).
///
/// What a failure leaves: committed slices stay, as committed batches did; with a run they are
/// the earliest events of the run rather than the first lines of the file. Spilled runs are
/// stored only when the input has been read, so a database failure before that stores none of
/// them (the summary counts what was committed).
struct TimeOrderedRuns {
    static let runSize = 100_000
    /// Events in the table past which a full run is spilled rather than stored: none (tests set
    /// other sizes, to store runs as they fill).
    static let spillAbove = 0
    /// Events per transaction at most (a few milliseconds of the write lock; with
    /// `synchronous=NORMAL` a commit costs no fsync, so short ones are cheap).
    static let transactionSize = 2_500

    let store: AnalyticsStore
    let receivedAt: Int64
    let sliceSize: Int
    /// Events gathered before the run is sorted (``runSize``; smaller in tests).
    let runSize: Int
    /// ``spillAbove``, or another size in tests.
    let spillAbove: Int
    /// Called after each commit with the number of events it stored.
    let committed: (Int) -> Void
    /// The run's events, encoded as they came (sorting moves keys, not records).
    let run = EncodedRun()
    /// The latest time stored; a batch from it on continues the time order.
    var lastTime = Int64.min
    /// The runs written out so far, once a second run began.
    var spill: RunSpill?
    /// Events in the table when the first run filled (from the span of ids), nil before.
    private var eventsBefore: Int?
    /// Events this import has committed.
    private var stored = 0
    /// Runs written to the sort file.
    var runsSpilled = 0
    /// Where lines kept undecoded go, once runs are spilled (nil: every line comes decoded).
    let lines: SortedLines?

    /// A millisecond between transactions, in which a writer waiting for the lock (the ingest
    /// daemon polls every half millisecond) gets it: without it the next transaction began
    /// microseconds after the last and a waiting daemon could miss every gap (~0.4 s per
    /// million events).
    static func yieldWriteLock() { usleep(1_000) }

    init(
        store: AnalyticsStore, receivedAt: Int64, sliceSize: Int, runSize: Int = Self.runSize,
        spillAbove: Int = Self.spillAbove, lines: SortedLines? = nil, committed: @escaping (Int) -> Void
    ) {
        self.lines = lines
        self.store = store
        self.receivedAt = receivedAt
        self.sliceSize = max(1, min(sliceSize, Self.transactionSize))
        self.runSize = max(1, runSize)
        self.spillAbove = spillAbove
        self.committed = committed
    }

    /// Stores `count` events (the `position`th given by `event(position)`) in one transaction,
    /// counts them, and leaves the write lock free for a moment.
    mutating func commit(count: Int, _ event: (Int) -> TrackedEvent) throws(StoreError) {
        try store.insertEvents(count: count, receivedAt: receivedAt, event)
        stored += count
        committed(count)
        Self.yieldWriteLock()
    }

    /// Stores a slice of the sort file's records in one transaction, as ``commit(count:_:)`` does.
    mutating func commit(_ slice: SpillSlice, from spill: RunSpill) throws(StoreError) {
        guard try store.insertSpilled(slice, receivedAt: receivedAt) else { throw RunCursor.damaged(spill) }
        stored += slice.count
        committed(slice.count)
        Self.yieldWriteLock()
    }

    /// Stores the run's records `range` (by sorted key) in one transaction, as
    /// ``commit(count:_:)`` does.
    private mutating func commit(_ range: Range<Int>) throws(StoreError) {
        let run = run
        guard try store.insertRecords(count: range.count, receivedAt: receivedAt, { run.payload(range.lowerBound + $0) }) else {
            throw .failed(path: store.path, reason: "an event of the import could not be read back from its run")
        }
        stored += range.count
        committed(range.count)
        Self.yieldWriteLock()
    }

    /// True while events out of time order are gathered into runs.
    var gathersRun: Bool { !run.isEmpty || spill != nil }

    /// Stores `events` now when they continue the time order, else adds them to the run. A run
    /// that is full goes in (or to the sort file) when the next batch comes: the last run of
    /// the input, the only one of a file of late events, is stored at ``flush()`` without a
    /// sort file. Either way the caller may reuse `events` once this returns.
    mutating func add(_ events: [TrackedEvent]) throws(StoreError) {
        guard let first = events.first, let last = events.last else { return }
        if run.count >= runSize { try placeRun() }
        if run.isEmpty, spill == nil, first.timestamp >= lastTime, EventInserter.timeOrder(events) == nil {
            var start = 0
            while start < events.count {
                let end = min(events.count, start + sliceSize)
                try commit(count: end - start) { events[start + $0] }
                start = end
            }
            lastTime = last.timestamp
            return
        }
        run.append(events)
    }

    /// Adds undecoded lines of `file` to the run; only once runs are spilled, when the reader
    /// sends lines (``sortsLines``).
    mutating func add(_ chunk: LineChunk, file: String) throws(StoreError) {
        guard let lines, spill != nil else {
            throw .failed(path: store.path, reason: "the import sent undecoded lines before it had a sort file")
        }
        if run.count >= runSize { try placeRun() }
        lines.add(chunk, file: file, to: run)
    }

    /// True once lines may come undecoded: runs are spilled, and every line joins them.
    var sortsLines: Bool { lines != nil && spill != nil }

    /// A full run: spilled (stored instead while the table holds no more than ``spillAbove``
    /// events and nothing was spilled yet).
    private mutating func placeRun() throws(StoreError) {
        if spill == nil {
            if eventsBefore == nil { eventsBefore = try store.eventIdSpan() }
            if (eventsBefore ?? 0) + stored + run.count <= spillAbove { return try storeRun() }
        }
        try spillRun()
    }

    /// Stores what is gathered: the runs of the sort file merged with the last one, or the one
    /// run (whatever the table's size: with nothing to merge it with, a sort file would only
    /// write and read it once more); a slice per transaction.
    mutating func flush() throws(StoreError) {
        if let spill {
            if !run.isEmpty { try spillRun() }
            self.spill = nil
            try storeMerged(spill)
        } else {
            try storeRun()
        }
    }

    /// Stores the run, sorted by time (ties in arrival order), a slice per transaction.
    private mutating func storeRun() throws(StoreError) {
        guard !run.isEmpty else { return }
        run.sort()
        var start = 0
        while start < run.count {
            let end = min(run.count, start + sliceSize)
            try commit(start..<end)
            start = end
        }
        lastTime = run.keys[run.count - 1].time
        run.removeAll()
    }
}
