internal import Model
internal import Foundation

extension RunSpill {
    /// Reads every run back and hands `body` their events merged in time order, `sliceSize` at a
    /// time; events of the same time come in arrival order (the earlier run first, and each run
    /// keeps its arrival order for equal times); `body` returns false to stop. Memory: one read
    /// buffer per run, together ~16 MiB (64 KiB each past 256 runs). `reuse` gives back a slice
    /// handed over before, if any, to fill again: its events are then freed on this thread.
    func merge(
        sliceSize: Int, reuse: () -> [TrackedEvent]? = { nil },
        _ body: ([TrackedEvent]) throws(StoreError) -> Bool
    ) throws(StoreError) {
        let bufferSize = max(64 << 10, min(1 << 20, (16 << 20) / max(1, runs.count)))
        var cursors = runs.map { RunCursor(range: $0, capacity: bufferSize) }
        var heads = [TrackedEvent?](repeating: nil, count: runs.count)
        var heap = MergeHeap()
        for run in cursors.indices {
            guard let event = try cursors[run].next(in: self) else { continue }
            heap.push(MergeHeap.Entry(time: event.timestamp, run: Int32(run)))
            heads[run] = event
        }
        var slice: [TrackedEvent] = []
        slice.reserveCapacity(sliceSize)
        while let top = heap.first {
            let run = Int(top.run)
            slice.append(heads[run].take()!)
            if let event = try cursors[run].next(in: self) {
                heads[run] = event
                heap.replaceFirst(time: event.timestamp)
            } else {
                heap.removeFirst()
            }
            if slice.count >= sliceSize {
                guard try body(slice) else { return }
                slice = reuse() ?? []
                slice.removeAll(keepingCapacity: true)
                slice.reserveCapacity(sliceSize)
            }
        }
        if !slice.isEmpty { _ = try body(slice) }
    }
}

/// Reads one run's records through a buffer of its own.
struct RunCursor {
    private var offset: Int64
    private let end: Int64
    private var buffer: [UInt8]
    private var position = 0
    private var filled = 0

    init(range: Range<Int64>, capacity: Int) {
        offset = range.lowerBound
        end = range.upperBound
        buffer = [UInt8](repeating: 0, count: capacity)
    }

    /// The run's next event, or nil at its end.
    mutating func next(in spill: RunSpill) throws(StoreError) -> TrackedEvent? {
        if filled - position < SpillCodec.lengthSize {
            try refill(atLeast: SpillCodec.lengthSize, from: spill)
            if filled == position { return nil }
        }
        let length = buffer.withUnsafeBufferPointer { SpillCodec.payloadLength(UnsafeBufferPointer(rebasing: $0[position...])) }
        let size = SpillCodec.lengthSize + length
        if filled - position < size { try refill(atLeast: size, from: spill) }
        let start = position + SpillCodec.lengthSize
        let event = buffer.withUnsafeBufferPointer { SpillCodec.decode(UnsafeBufferPointer(rebasing: $0[start..<start + length])) }
        guard let event else { throw Self.damaged(spill) }
        position += size
        return event
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

    private static func damaged(_ spill: RunSpill) -> StoreError {
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
