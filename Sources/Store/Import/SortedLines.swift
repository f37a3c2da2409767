internal import Model

/// The lines an import keeps undecoded in its sort file, once runs are spilled
/// (``TimeOrderedRuns``): each goes in as a line record keyed by its sort time
/// (``SpillCodec/writeLine(_:time:source:number:size:to:)``), and is decoded when the merged runs
/// are stored, on the merge thread, while the writer inserts the slice before. Keeps the
/// rejections of those lines (the first few, with their count) for the summary, in input order.
///
/// Why: with the lines decoded as they were read, the first phase of a shuffled import of 10M
/// events (reading while runs are sorted and spilled) took 9–15 s, nearly all of it the reader's
/// decoding, while the second (storing the merged runs) left a core idle. Decoded in the second
/// phase, the lines cost the first only a scan for their time.
///
/// Used by the writer while runs are spilled, then by the merge thread (one at a time, hence
/// `@unchecked Sendable`).
final class SortedLines: @unchecked Sendable {
    let decoder: EventDecoder
    let receivedAt: Int64
    /// Rejections kept at most (the summary's listed rejections).
    let limit: Int
    private let texts = TextCache()
    /// The name of each source whose lines were kept, by its place among the import's sources.
    private var files: [Int: String] = [:]
    private var rejections: [ImportRejection.Placed] = []
    private var rejected = 0
    /// Lines kept in the sort file, and of them those whose time the writer read.
    private(set) var kept = 0
    private(set) var timedByWriter = 0

    init(decoder: EventDecoder, receivedAt: Int64, limit: Int) {
        self.decoder = decoder
        self.receivedAt = receivedAt
        self.limit = limit
    }

    /// Adds `chunk`'s lines to `run`: each line with its sort time (read here when the reader
    /// lent the chunk), blank ones left out, overlong ones refused at once.
    func add(_ chunk: LineChunk, file: String, to run: EncodedRun) {
        var chunk = chunk
        if chunk.times.count != chunk.count {
            chunk.readTimes(with: decoder, receivedAt: receivedAt)
            timedByWriter += chunk.count
        }
        files[chunk.source] = file
        let times = chunk.times
        chunk.forEachLine { index, line in
            let number = chunk.firstLine + index
            switch line {
            case .overlong:
                reject(source: chunk.source, line: number, reason: NDJSONLine.overlongReason)
            case .text(let bytes):
                guard !NDJSONLine.isBlank(bytes) else { return }
                run.append(line: bytes, time: times[index], source: chunk.source, number: number)
                kept += 1
            }
        }
    }

    /// The event record of a line record's parts (``SpillCodec/line(_:)``), in `record` (emptied
    /// first), and its time; nil when the line was refused (its rejection kept).
    func decode(
        _ line: (source: Int, number: Int, bytes: UnsafeBufferPointer<UInt8>), into record: inout [UInt8]
    ) -> Int64? {
        let (source, number, bytes) = line
        switch NDJSONLine(.text(bytes), decoder: decoder, receivedAt: receivedAt, texts: texts) {
        case .event(let event):
            record.removeAll(keepingCapacity: true)
            SpillCodec.append(event, to: &record)
            return event.timestamp
        case .blank:
            return nil
        case .rejected(let reason):
            reject(source: source, line: number, reason: reason)
            return nil
        }
    }

    /// Counts a rejection and keeps it while it may be among the first `limit` in input order:
    /// lines are decoded in time order, so the list is cut back to the first `limit` by place
    /// whenever it doubles.
    private func reject(source: Int, line: Int, reason: String) {
        rejected += 1
        guard limit > 0 else { return }
        rejections.append(.init(source: source, rejection: ImportRejection(file: files[source] ?? "", line: line, reason: reason)))
        if rejections.count >= 2 * limit {
            rejections.sort { ($0.source, $0.rejection.line) < ($1.source, $1.rejection.line) }
            rejections.removeLast(rejections.count - limit)
        }
    }

    /// Adds the rejections to what the reader found, in input order.
    func report(into summary: inout ImportSummary) {
        summary.merge(rejections, count: rejected, limit: limit)
        summary.linesSorted = kept
        summary.linesLent = timedByWriter
    }
}
