internal import Model
internal import Foundation

/// The events of a run out of time order (``TimeOrderedRuns``), each encoded as a sort-file
/// record (``SpillCodec``) as it arrives, with its time and place; sorted, the records go to the
/// sort file as they are (``RunSpill/append(_:)``) or are bound from their bytes into the table.
///
/// Why: the run used to keep the batches of events themselves. Spilling copied each event out
/// of its batch (a retain and a release of each of its strings) and appended it to the sort file's
/// buffer a few bytes at a time, and the strings the reading thread had allocated were freed on
/// the writer's, so the two threads waited on glibc's malloc lock. Encoded on arrival, a batch
/// goes back to the reader at once (``BatchQueue/recycle(_:)``), which frees its strings on its
/// own thread when it fills the batch again.
///
/// Owns its memory (one buffer, kept from run to run); one thread uses it at a time.
final class EncodedRun {
    /// A record's time and where it starts; sorted by both, equal times keep arrival order.
    struct Key {
        var time: Int64
        var start: Int
    }

    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes of records written.
    private var used = 0
    /// One key per record, in arrival order until ``sort()``.
    private(set) var keys: [Key] = []

    init(capacity: Int = 1 << 20) {
        self.capacity = max(64, capacity)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    /// Encodes each of `events` after the records already held.
    func append(_ events: [TrackedEvent]) {
        keys.reserveCapacity(keys.count + events.count)
        events.withUnsafeBufferPointer { events in
            for index in events.indices {
                let size = SpillCodec.recordSize(events[index])
                reserve(size)
                SpillCodec.write(events[index], size: size, to: base + used)
                keys.append(Key(time: events[index].timestamp, start: used))
                used += size
            }
        }
    }

    /// Adds a line kept undecoded (``SortedLines``) as a line record sorted by `time`.
    func append(line: UnsafeBufferPointer<UInt8>, time: Int64, source: Int, number: Int) {
        let size = SpillCodec.lineRecordSize(line)
        reserve(size)
        SpillCodec.writeLine(line, time: time, source: source, number: number, size: size, to: base + used)
        keys.append(Key(time: time, start: used))
        used += size
    }

    /// Puts the keys in time order (ties in arrival order, as their starts follow arrival).
    func sort() {
        keys.sort { $0.time != $1.time ? $0.time < $1.time : $0.start < $1.start }
    }

    /// The whole record of key `index` (its length first), valid until the run changes.
    func record(_ index: Int) -> UnsafeRawBufferPointer {
        let start = base + keys[index].start
        return UnsafeRawBufferPointer(start: start, count: SpillCodec.lengthSize + Self.payloadLength(at: start))
    }

    /// The payload of key `index`'s record, valid until the run changes.
    func payload(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = base + keys[index].start
        return UnsafeBufferPointer(
            start: (start + SpillCodec.lengthSize).assumingMemoryBound(to: UInt8.self), count: Self.payloadLength(at: start)
        )
    }

    /// Forgets the records, keeping the memory for the next run.
    func removeAll() {
        keys.removeAll(keepingCapacity: true)
        used = 0
    }

    private static func payloadLength(at start: UnsafeRawPointer) -> Int {
        Int(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
    }

    /// Room for `size` more bytes: the buffer doubles (or more), the records copied over.
    private func reserve(_ size: Int) {
        guard capacity - used < size else { return }
        let grown = max(2 * capacity, used + size)
        let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
        moved.copyMemory(from: base, byteCount: used)
        base.deallocate()
        (base, capacity) = (moved, grown)
    }
}
