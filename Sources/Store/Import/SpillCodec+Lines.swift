internal import Model

/// Lines kept undecoded in the sort file. Once runs are spilled, an import reads each line's
/// time alone (``EventDecoder/sortTime(_:receivedAt:)``) and sorts the line itself; it is decoded
/// when the merged runs are stored, on the merge thread (``SortedLines``).
///
/// A line record's payload is its sort time (8 bytes, as an event record's), a mask with only
/// ``lineFlag`` set (2), the place of its source among the import's (4), its line number (8),
/// then the line's bytes. No event record sets that bit (its mask has ten fields).
extension SpillCodec {
    static let lineFlag: UInt16 = 1 << 15
    private static let lineHeader = 8 + 2 + 4 + 8

    /// The bytes of a line record, its length included.
    static func lineRecordSize(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        lengthSize + lineHeader + line.count
    }

    /// Writes a line's record, `size` bytes as ``lineRecordSize(_:)`` counts them, at `start`.
    static func writeLine(
        _ line: UnsafeBufferPointer<UInt8>, time: Int64, source: Int, number: Int, size: Int, to start: UnsafeMutableRawPointer
    ) {
        var writer = Writer(position: start)
        writer.integer(UInt32(size - lengthSize))
        writer.integer(UInt64(bitPattern: time))
        writer.integer(lineFlag)
        writer.integer(UInt32(source))
        writer.integer(UInt64(number))
        if let base = line.baseAddress { writer.position.copyMemory(from: base, byteCount: line.count) }
        precondition(writer.position + line.count == start + size, "a sort-file line record was not the size counted")
    }

    /// The source, line number and bytes of a line record's payload; nil when it is not one.
    static func line(_ payload: UnsafeBufferPointer<UInt8>) -> (source: Int, number: Int, bytes: UnsafeBufferPointer<UInt8>)? {
        var reader = Reader(bytes: payload)
        guard reader.integer(UInt64.self) != nil, let mask = reader.integer(UInt16.self), mask & lineFlag != 0,
            let source = reader.integer(UInt32.self), let number = reader.integer(UInt64.self)
        else { return nil }
        return (Int(source), Int(number), UnsafeBufferPointer(rebasing: payload[reader.position...]))
    }
}
