internal import Model

/// NDJSON lines copied out of the ``LineReader``'s buffer, undecoded, so that the import's
/// writer can decode them (``ImportRun`` lends it a chunk when it would otherwise wait): their
/// bytes end to end, where each ends, and which were overlong.
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

    /// Bytes past which a chunk takes no more lines: lines are kept undecoded until the writer
    /// takes them, and a line may be up to 4 MiB, so a chunk of 10,000 is bounded by bytes too.
    static let maximumBytes = 4 << 20

    var count: Int { ends.count }

    /// Empties the chunk, keeping its memory, for lines of `source` from `firstLine` on.
    private mutating func reset(source: Int, firstLine: Int) {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        overlong.removeAll()
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

    /// Validates every line in order, as the reading thread does: the events into `events`, the
    /// lines refused into `rejections` (with the chunk's source); blank lines are neither.
    func decode(
        with decoder: EventDecoder, receivedAt: Int64, texts: TextCache, file: String,
        into events: inout [TrackedEvent], rejections: inout [ImportRejection.Placed]
    ) {
        var nextOverlong = 0
        var start = 0
        bytes.withUnsafeBufferPointer { all in
            for (index, end) in ends.enumerated() {
                defer { start = end }
                let line: LineReader.Line
                if nextOverlong < overlong.count, overlong[nextOverlong] == index {
                    nextOverlong += 1
                    line = .overlong
                } else {
                    line = .text(UnsafeBufferPointer(rebasing: all[start..<end]))
                }
                switch NDJSONLine(line, decoder: decoder, receivedAt: receivedAt, texts: texts) {
                case .event(let event): events.append(event)
                case .blank: break
                case .rejected(let reason):
                    rejections.append(.init(source: source, rejection: ImportRejection(file: file, line: firstLine + index, reason: reason)))
                }
            }
        }
    }
}
