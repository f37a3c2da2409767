internal import Model

/// The writing side of a non-strict import: batches in time order go in as they come, one
/// transaction each; batches out of time order (archives of several services merged, a file
/// sorted by user) are gathered into a run of up to ``runSize`` events, which goes in sorted by
/// time, in transactions of one batch's size, each a slice of the run's time span.
///
/// Why: a transaction rewrites every page of the time index its events land on. Ten thousand
/// events in random time order land on nearly every page — each transaction rewrote the whole
/// index, and a shuffled file took 2.3× as long as the same events in order. A slice of a sorted
/// run lands on a tenth of the pages. Transactions stay as short as before (the ingest daemon
/// writing beside the import waits no longer), and memory grows by one run.
///
/// What a failure leaves: committed slices stay, as committed batches did; with a run they are
/// the earliest events of the run rather than the first lines of the file.
struct TimeOrderedRuns {
    static let runSize = 100_000

    let store: AnalyticsStore
    let receivedAt: Int64
    let sliceSize: Int
    /// Called after each commit with the number of events it stored.
    let committed: (Int) -> Void
    /// The batches of the run, kept as they came (sorting moves keys, not events).
    private var batches: [[TrackedEvent]] = []
    private var keys: [Key] = []
    private var lastTime = Int64.min

    private struct Key {
        var time: Int64
        var batch: Int32
        var index: Int32
    }

    init(store: AnalyticsStore, receivedAt: Int64, sliceSize: Int, committed: @escaping (Int) -> Void) {
        self.store = store
        self.receivedAt = receivedAt
        self.sliceSize = max(1, sliceSize)
        self.committed = committed
    }

    /// Stores `events` now when they continue the time order, else adds them to the run.
    mutating func add(_ events: [TrackedEvent]) throws(StoreError) {
        guard let first = events.first, let last = events.last else { return }
        if keys.isEmpty, first.timestamp >= lastTime, EventInserter.timeOrder(events) == nil {
            try store.insertBatch(events, inTimeOrder: false, receivedAt: receivedAt)
            lastTime = last.timestamp
            committed(events.count)
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
            start = end
        }
        lastTime = keys[keys.count - 1].time
        keys.removeAll(keepingCapacity: true)
        batches.removeAll()
    }
}
