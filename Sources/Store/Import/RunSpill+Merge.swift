internal import Model
internal import Foundation

extension RunSpill {
    /// Reads every run back and hands `body` their records merged in time order, undecoded
    /// (``SpillSlice``), `sliceSize` at a time; records of the same time come in arrival order
    /// (the earlier run first, and each run keeps its arrival order for equal times); `body`
    /// returns false to stop. Memory: one read buffer per run, together ~16 MiB (64 KiB each past
    /// 256 runs). `reuse` gives back a slice handed over before, if any, to fill again.
    ///
    /// Line records are decoded by `lines` (``SortedLines``) into event records on the way, and
    /// the lines it refuses are left out.
    func mergeSlices(
        sliceSize: Int, reuse: () -> SpillSlice? = { nil }, lines: SortedLines? = nil,
        _ body: (SpillSlice) throws(StoreError) -> Bool
    ) throws(StoreError) {
        var slice = SpillSlice()
        var stopped = false
        var record: [UInt8] = []
        try mergeRecords { (payload, time) throws(StoreError) -> Bool in
            if let lines, let line = SpillCodec.line(payload) {
                guard let time = lines.decode(line, into: &record) else { return true }
                record.withUnsafeBufferPointer { slice.append(UnsafeBufferPointer(rebasing: $0[SpillCodec.lengthSize...]), time: time) }
            } else {
                slice.append(payload, time: time)
            }
            guard slice.count >= sliceSize else { return true }
            stopped = try !body(slice)
            if stopped { return false }
            slice = reuse() ?? SpillSlice()
            slice.removeAll()
            return true
        }
        if !stopped, slice.count > 0 { _ = try body(slice) }
    }

    /// Calls `body` with each record's payload (valid during the call) and time, merged in time
    /// order as ``mergeSlices(sliceSize:reuse:_:)`` describes; `body` returns false to stop.
    private func mergeRecords(_ body: (UnsafeBufferPointer<UInt8>, Int64) throws(StoreError) -> Bool) throws(StoreError) {
        let bufferSize = max(64 << 10, min(1 << 20, (16 << 20) / max(1, runs.count)))
        var cursors = runs.map { RunCursor(range: $0, capacity: bufferSize) }
        var heap = MergeHeap()
        for run in cursors.indices where try cursors[run].advance(in: self) {
            heap.push(MergeHeap.Entry(time: cursors[run].time, run: Int32(run)))
        }
        while let top = heap.first {
            let run = Int(top.run)
            guard try cursors[run].withPayload({ (payload) throws(StoreError) in try body(payload, top.time) }) else { return }
            if try cursors[run].advance(in: self) {
                heap.replaceFirst(time: cursors[run].time)
            } else {
                heap.removeFirst()
            }
        }
    }
}

/// Reads one run's records through a buffer of its own.
struct RunCursor {
    private var offset: Int64
    private let end: Int64
    private var buffer: [UInt8]
    /// Where the next record starts in ``buffer``, and where the bytes read end.
    private var position = 0
    private var filled = 0
    /// The current record's payload in ``buffer`` (after ``advance(in:)`` returned true).
    private var current = 0..<0
    /// The current record's time.
    private(set) var time: Int64 = 0

    init(range: Range<Int64>, capacity: Int) {
        offset = range.lowerBound
        end = range.upperBound
        buffer = [UInt8](repeating: 0, count: capacity)
    }

    /// Moves to the run's next record; false at its end. Its payload stays readable
    /// (``withPayload(_:)``) until the next call.
    mutating func advance(in spill: RunSpill) throws(StoreError) -> Bool {
        if filled - position < SpillCodec.lengthSize {
            try refill(atLeast: SpillCodec.lengthSize, from: spill)
            if filled == position { return false }
        }
        let length = buffer.withUnsafeBufferPointer { SpillCodec.payloadLength(UnsafeBufferPointer(rebasing: $0[position...])) }
        let size = SpillCodec.lengthSize + length
        if filled - position < size { try refill(atLeast: size, from: spill) }
        current = position + SpillCodec.lengthSize..<position + size
        position += size
        let time = buffer.withUnsafeBufferPointer { SpillCodec.time(UnsafeBufferPointer(rebasing: $0[current])) }
        guard let time else { throw Self.damaged(spill) }
        self.time = time
        return true
    }

    /// Calls `body` with the current record's payload.
    func withPayload<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(StoreError) -> R) throws(StoreError) -> R {
        try buffer.withUnsafeBufferPointer { all in
            Result { () throws(StoreError) in try body(UnsafeBufferPointer(rebasing: all[current])) }
        }.get()
    }

    /// Moves what is left to the front and reads on, so that `minimum` bytes wait (or the run ends).
    private mutating func refill(atLeast minimum: Int, from spill: RunSpill) throws(StoreError) {
        let left = filled - position
        if position > 0 {
            buffer.withUnsafeMutableBytes { bytes in
                _ = memmove(bytes.baseAddress!, bytes.baseAddress! + position, left)
            }
            position = 0
            filled = left
        }
        if buffer.count < minimum { buffer.append(contentsOf: repeatElement(0, count: minimum - buffer.count)) }
        let wanted = Int(min(Int64(buffer.count - filled), end - offset))
        if wanted > 0 {
            let (start, at) = (filled, offset)
            let read = try buffer.withUnsafeMutableBytes { bytes in
                Result { () throws(StoreError) in
                    try spill.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[start..<start + wanted]), at: at)
                }
            }.get()
            guard read == wanted else { throw Self.damaged(spill) }
            offset += Int64(read)
            filled += read
        }
        // Nothing left is the run's end; part of a record is a short file.
        if filled > 0 && filled < minimum { throw Self.damaged(spill) }
    }

    static func damaged(_ spill: RunSpill) -> StoreError {
        .failed(path: spill.directory, reason: "the import's sort file was read back short or damaged")
    }
}

/// A binary min-heap of the runs' next events by (time, run).
struct MergeHeap {
    struct Entry {
        var time: Int64
        var run: Int32

        func precedes(_ other: Entry) -> Bool { time != other.time ? time < other.time : run < other.run }
    }

    private var entries: [Entry] = []

    var first: Entry? { entries.first }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// The first run's next event has `time`.
    mutating func replaceFirst(time: Int64) {
        entries[0].time = time
        siftDown()
    }

    mutating func removeFirst() {
        let last = entries.removeLast()
        guard !entries.isEmpty else { return }
        entries[0] = last
        siftDown()
    }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { return }
            var least = left
            if left + 1 < entries.count, entries[left + 1].precedes(entries[left]) { least = left + 1 }
            guard entries[least].precedes(entries[parent]) else { return }
            entries.swapAt(least, parent)
            parent = least
        }
    }
}
