internal import Model

/// The writer's side of lines the reader lent it (``LineChunk``): decodes them on the writer's
/// thread, keeps the events until the next chunk (so their strings are freed on the thread that
/// made them), and counts the rejections, of which it keeps the first few for the summary.
///
/// Why: while a large import in random time order is gathered into runs and spilled, the writer
/// only encodes, sorts and writes them and waits for the reader, whose decoding sets the pace
/// (13–14 s for 10M lines on one core, against ~6 s of the writer's work). Decoding lines
/// whenever it would wait, the writer shortened that phase to ~9–10 s.
struct LentLines {
    let decoder: EventDecoder
    let receivedAt: Int64
    /// Rejections kept at most (the summary's listed rejections).
    let limit: Int
    private let texts = TextCache()
    private var events: [TrackedEvent] = []
    private var rejections: [ImportRejection.Placed] = []
    private var rejected = 0
    private var lines = 0

    init(decoder: EventDecoder, receivedAt: Int64, limit: Int) {
        self.decoder = decoder
        self.receivedAt = receivedAt
        self.limit = limit
    }

    /// The events of `chunk`'s lines, valid until the next call; its rejections are counted.
    mutating func decode(_ chunk: LineChunk, file: String) -> [TrackedEvent] {
        events.removeAll(keepingCapacity: true)
        var found: [ImportRejection.Placed] = []
        chunk.decode(with: decoder, receivedAt: receivedAt, texts: texts, file: file, into: &events, rejections: &found)
        rejected += found.count
        rejections += found.prefix(max(0, limit - rejections.count))
        lines += chunk.count
        return events
    }

    /// Adds the rejections to what the reader found, in input order.
    func report(into summary: inout ImportSummary) {
        summary.merge(rejections, count: rejected, limit: limit)
        summary.linesLent = lines
    }
}
