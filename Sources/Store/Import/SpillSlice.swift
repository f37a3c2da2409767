/// Records of an import's sort file in time order, as the merge hands them to the writer
/// (``RunSpill/mergeSlices(sliceSize:reuse:_:)``): their payloads end to end, undecoded. The
/// writer binds each straight from these bytes (``SpillCodec/bind(_:to:row:receivedAt:)``), so
/// storing the merged runs makes no event and frees no string.
///
/// Why: decoded into events on the merge thread, bound by the writer and freed again on the
/// merge thread, the strings of every event were allocated and freed once more, and the two
/// threads waited on glibc's malloc lock some 7,000 times a second (`perf` on `sched_switch`:
/// 89 % of a shuffled 10M import's context switches). Bound from the bytes, that import used
/// 42–48 s of CPU instead of 56–61 s.
struct SpillSlice: Sendable {
    /// The payloads, one after another.
    private(set) var bytes: [UInt8] = []
    /// Where each payload ends in ``bytes``.
    private(set) var ends: [Int] = []
    /// The time of the last record added.
    private(set) var lastTime = Int64.min

    var count: Int { ends.count }

    /// Adds a record's payload whose time is `time`.
    mutating func append(_ payload: UnsafeBufferPointer<UInt8>, time: Int64) {
        bytes.append(contentsOf: payload)
        ends.append(bytes.count)
        lastTime = time
    }

    /// Calls `body` with a function giving the payload of each record by its index (valid
    /// during the call).
    func withPayloads<R>(_ body: ((Int) -> UnsafeBufferPointer<UInt8>) throws(StoreError) -> R) throws(StoreError) -> R {
        try bytes.withUnsafeBufferPointer { all in
            Result { () throws(StoreError) in
                try body { index in UnsafeBufferPointer(rebasing: all[(index == 0 ? 0 : ends[index - 1])..<ends[index]]) }
            }
        }.get()
    }

    /// Empties the slice, keeping its memory.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        lastTime = .min
    }
}
