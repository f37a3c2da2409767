internal import Model
internal import Foundation

/// The writing side of a non-strict import: batches in time order go in as they come; batches
/// out of time order (archives of several services merged, a file sorted by user) are gathered
/// into a run of up to ``runSize`` events, which goes in sorted by time, each transaction a slice
/// of the run's time span. Either way a transaction holds at most ``transactionSize`` events.
///
/// Why: a transaction rewrites every page of the time index its events land on. Ten thousand
/// events in random time order land on nearly every page — each transaction rewrote the whole
/// index, and a shuffled file took 2.3× as long as the same events in order. The slices of a
/// sorted run land on different pages, so together they write the index about once, whatever
/// their size: transactions can be short (``transactionSize``), so that an ingest daemon
/// writing to the same file never waits long for the write lock. Memory grows by one run.
///
/// What a failure leaves: committed slices stay, as committed batches did; with a run they are
/// the earliest events of the run rather than the first lines of the file.
struct TimeOrderedRuns {
    static let runSize = 100_000
    /// Events per transaction at most (a few milliseconds of the write lock; with
    /// `synchronous=NORMAL` a commit costs no fsync, so short ones are cheap).
    static let transactionSize = 2_500

    let store: AnalyticsStore
    let receivedAt: Int64
    let sliceSize: Int
    /// Called after each commit with the number of events it stored.
    let committed: (Int) -> Void
    /// The batches of the run, kept as they came (sorting moves keys, not events).
    private var batches: [[TrackedEvent]] = []
    private var keys: [Key] = []
    private var lastTime = Int64.min

    /// A millisecond between transactions, in which a writer waiting for the lock (the ingest
    /// daemon polls every half millisecond) gets it: without it the next transaction began
    /// microseconds after the last and a waiting daemon could miss every gap (~0.4 s per
    /// million events).
    static func yieldWriteLock() { usleep(1_000) }

    private struct Key {
        var time: Int64
        var batch: Int32
        var index: Int32
    }

    init(store: AnalyticsStore, receivedAt: Int64, sliceSize: Int, committed: @escaping (Int) -> Void) {
        self.store = store
        self.receivedAt = receivedAt
        self.sliceSize = max(1, min(sliceSize, Self.transactionSize))
        self.committed = committed
    }

    /// True while events out of time order are gathered into a run.
    var gathersRun: Bool { !keys.isEmpty }

    /// Stores `events` now when they continue the time order, else adds them to the run.
    mutating func add(_ events: [TrackedEvent]) throws(StoreError) {
        guard let first = events.first, let last = events.last else { return }
        if keys.isEmpty, first.timestamp >= lastTime, EventInserter.timeOrder(events) == nil {
            var start = 0
            while start < events.count {
                let end = min(events.count, start + sliceSize)
                try store.insertEvents(count: end - start, receivedAt: receivedAt) { events[start + $0] }
                committed(end - start)
                Self.yieldWriteLock()
                start = end
            }
            lastTime = last.timestamp
            return
        }
        let batch = Int32(batches.count)
        batches.append(events)
        keys.reserveCapacity(Self.runSize + events.count)
        for (index, event) in events.enumerated() { keys.append(Key(time: event.timestamp, batch: batch, index: Int32(index))) }
        if keys.count >= Self.runSize { try flush() }
    }

    /// Stores the run, sorted by time (ties in arrival order), a slice per transaction.
    mutating func flush() throws(StoreError) {
        guard !keys.isEmpty else { return }
        keys.sort { ($0.time, $0.batch, $0.index) < ($1.time, $1.batch, $1.index) }
        var start = 0
        while start < keys.count {
            let end = min(keys.count, start + sliceSize)
            let (slice, batches) = (keys[start..<end], self.batches)
            try store.insertEvents(count: slice.count, receivedAt: receivedAt) { position in
                let key = slice[slice.startIndex + position]
                return batches[Int(key.batch)][Int(key.index)]
            }
            committed(end - start)
            Self.yieldWriteLock()
            start = end
        }
        lastTime = keys[keys.count - 1].time
        keys.removeAll(keepingCapacity: true)
        batches.removeAll()
    }
}
