internal import Model

/// NDJSON lines copied out of the ``LineReader``'s buffer, undecoded, once an import sorts its
/// lines through a sort file (``SortedLines``): their bytes end to end, where each ends, which
/// were overlong, and each one's sort time once read — by the reader, or by the writer when the
/// reader lent it the chunk because it would otherwise wait.
struct LineChunk: Sendable {
    /// The bytes of every line, one after another.
    private(set) var bytes: [UInt8] = []
    /// Where each line ends in ``bytes`` (it starts where the line before ended).
    private(set) var ends: [Int] = []
    /// Indexes of the lines longer than the reader's limit (their bytes are empty).
    private(set) var overlong: [Int] = []
    /// The number of the chunk's first line in its file.
    private(set) var firstLine = 1
    /// Which source of the import the lines come from (0 for the first), for the order of
    /// rejections.
    private(set) var source = 0
    /// Each line's sort time once read (``readTimes(with:receivedAt:)``); empty until then.
    private(set) var times: [Int64] = []

    /// Bytes past which a chunk takes no more lines: lines are kept undecoded until the writer
    /// takes them, and a line may be up to 4 MiB, so a chunk of 10,000 is bounded by bytes too.
    static let maximumBytes = 4 << 20

    var count: Int { ends.count }

    /// Empties the chunk, keeping its memory, for lines of `source` from `firstLine` on.
    private mutating func reset(source: Int, firstLine: Int) {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        overlong.removeAll()
        times.removeAll(keepingCapacity: true)
        self.source = source
        self.firstLine = firstLine
    }

    /// Fills the chunk (emptied first) with the next lines of `reader`, of its source `source`:
    /// up to `lines` of them, fewer once ``maximumBytes`` are held. False once the input has ended.
    mutating func fill(from reader: LineReader, source: Int, lines: Int) throws(ImportError) -> Bool {
        reset(source: source, firstLine: reader.lineNumber + 1)
        while count < lines, bytes.count < Self.maximumBytes {
            guard let line = try reader.next() else { return false }
            append(line)
        }
        return true
    }

    /// Adds the line ``LineReader/next()`` just returned.
    private mutating func append(_ line: LineReader.Line) {
        switch line {
        case .text(let text): bytes.append(contentsOf: text)
        case .overlong: overlong.append(ends.count)
        }
        ends.append(bytes.count)
    }

    /// Reads each line's sort time (``EventDecoder/sortTime(_:receivedAt:)``) into ``times``:
    /// `Int64.min` for a line that has none (blank, overlong, or not an event).
    mutating func readTimes(with decoder: EventDecoder, receivedAt: Int64) {
        var times = self.times
        times.removeAll(keepingCapacity: true)
        forEachLine { _, line in
            guard case .text(let bytes) = line else { return times.append(.min) }
            times.append(decoder.sortTime(bytes, receivedAt: receivedAt) ?? .min)
        }
        self.times = times
    }

    /// Calls `body` with each line's index and bytes, in order.
    func forEachLine(_ body: (Int, LineReader.Line) -> Void) {
        var nextOverlong = 0
        var start = 0
        bytes.withUnsafeBufferPointer { all in
            for (index, end) in ends.enumerated() {
                defer { start = end }
                if nextOverlong < overlong.count, overlong[nextOverlong] == index {
                    nextOverlong += 1
                    body(index, .overlong)
                } else {
                    body(index, .text(UnsafeBufferPointer(rebasing: all[start..<end])))
                }
            }
        }
    }
}
