internal import Model

/// One batch handed from the reading thread to the inserting one, with where reading stood.
struct ImportBatch: Sendable {
    var events: [TrackedEvent]
    /// Lines sent undecoded instead of events, once runs are spilled (see ``ImportRun/sendLines``).
    var lines: LineChunk? = nil
    var file: String
    var bytesRead: Int
    var rejectedSoFar: Int
}

/// The reading side of one import: walks the sources, validates each line, collects rejections
/// and hands over full batches. Runs on its own thread; never touches the database.
struct ImportRun {
    let options: ImportOptions
    let decoder: EventDecoder
    let receivedAt: Int64
    var summary = ImportSummary()
    /// Returns a batch the writer has finished with, to refill.
    var reuse: (() -> ImportBatch?)?
    /// Whether the writer takes lines undecoded, with their sort times, from now on: it spills
    /// runs and decodes the lines when it stores them (``SortedLines``).
    var sendLines: (() -> Bool)?
    /// Whether the writer would read the sort times of the next lines itself (it waits for
    /// work): they then go to it without (``LineChunk``).
    var lendLines: (() -> Bool)?
    /// The place of the source being read among the import's sources.
    private var sourceIndex = 0
    private var batch: [TrackedEvent] = []
    /// Strings of values that repeat from line to line, made once (``TextCache``).
    private let texts = TextCache()

    /// `handOver` returns false when the writer has stopped; reading stops then too.
    typealias HandOver = (ImportBatch) throws -> Bool

    init(options: ImportOptions, decoder: EventDecoder, receivedAt: Int64) {
        self.options = options
        self.decoder = decoder
        self.receivedAt = receivedAt
        batch.reserveCapacity(options.batchSize)
    }

    /// Reads every source in order. Throws only what ends the import: with `--strict` the first
    /// bad line or unreadable file, and ``ImportStopped`` when the writer gave up.
    mutating func readAll(_ sources: [ImportSource], standardInput: Int32, handOver: HandOver) throws {
        for (index, source) in sources.enumerated() {
            sourceIndex = index
            let reader: LineReader
            switch source {
            case .standardInput:
                reader = LineReader(name: source.displayName, fileDescriptor: standardInput, ownsDescriptor: false)
            case .file(let path):
                do {
                    reader = try LineReader.open(path: path)
                } catch {
                    try unreadable(error)
                    continue
                }
            }
            let format = options.format ?? ImportFormat.guess(for: source.displayName)
            do {
                switch format {
                case .ndjson: try readNDJSON(reader, handOver: handOver)
                case .csv: try readCSV(reader, handOver: handOver)
                }
            } catch let error as ImportError {
                switch error {
                case .unreadable: try unreadable(error)
                case .badHeader(let file, let reason) where !options.strict:
                    try reject(file: file, line: 1, reason: reason + "; file skipped")
                default: throw error
                }
            }
            try flush(handOver, file: reader.name, bytesRead: reader.bytesRead)
        }
    }

    private mutating func unreadable(_ error: ImportError) throws {
        guard case .unreadable(let path, let reason) = error else { throw error }
        if options.strict { throw ImportError.strictUnreadable(path: path, reason: reason) }
        summary.unreadableFiles.append("\(path): \(reason)")
    }

    private mutating func readNDJSON(_ reader: LineReader, handOver: HandOver) throws {
        while true {
            // Between batches: the writer may take the next lines undecoded.
            if batch.isEmpty, let sendLines, sendLines() {
                guard try send(reader, handOver: handOver) else { return }
                continue
            }
            guard let line = try reader.next() else { return }
            switch NDJSONLine(line, decoder: decoder, receivedAt: receivedAt, texts: texts) {
            case .event(let event): batch.append(event)
            case .blank: continue
            case .rejected(let reason): try reject(file: reader.name, line: reader.lineNumber, reason: reason)
            }
            if batch.count >= options.batchSize {
                try flush(handOver, file: reader.name, bytesRead: reader.bytesRead)
            }
        }
    }

    private mutating func readCSV(_ reader: LineReader, handOver: HandOver) throws {
        let records = CSVRecordReader(reader)
        guard let first = try records.next() else { return }
        guard case .fields(_, let header) = first else {
            throw ImportError.badHeader(file: reader.name, reason: "unreadable CSV header")
        }
        let columns = try CSVColumns(header: header, file: reader.name)
        while let record = try records.next() {
            switch record {
            case .invalid(let line, let reason):
                try reject(file: reader.name, line: line, reason: reason)
            case .fields(let line, let fields):
                guard fields.count == header.count else {
                    try reject(
                        file: reader.name, line: line, reason: "expected \(header.count) columns, found \(fields.count)")
                    continue
                }
                do {
                    batch.append(
                        try decoder.decode(
                            eventType: columns.value(.eventType, in: fields),
                            timestamp: columns.value(.timestamp, in: fields),
                            serviceName: columns.value(.serviceName, in: fields),
                            userId: columns.value(.userId, in: fields),
                            eventData: columns.value(.eventData, in: fields), receivedAt: receivedAt))
                } catch {
                    try reject(file: reader.name, line: line, reason: error.description)
                }
            }
            if batch.count >= options.batchSize {
                try flush(handOver, file: reader.name, bytesRead: reader.bytesRead)
            }
        }
    }

    /// Hands the writer the next batch's lines undecoded, with their sort times unless the writer
    /// would read them itself; false once the input has ended.
    private mutating func send(_ reader: LineReader, handOver: HandOver) throws -> Bool {
        var chunk = reuse?()?.lines ?? LineChunk()
        let more = try chunk.fill(from: reader, source: sourceIndex, lines: options.batchSize)
        guard chunk.count > 0 else { return more }
        if lendLines?() != true { chunk.readTimes(with: decoder, receivedAt: receivedAt) }
        let sent = ImportBatch(events: [], lines: chunk, file: reader.name, bytesRead: reader.bytesRead, rejectedSoFar: summary.rejected)
        guard try handOver(sent) else { throw ImportStopped() }
        return more
    }

    private mutating func reject(file: String, line: Int, reason: String) throws {
        let rejection = ImportRejection(file: file, line: line, reason: reason)
        if options.strict { throw ImportError.strictRejection(rejection) }
        summary.rejected += 1
        if summary.rejections.count < options.maxListedRejections {
            summary.rejections.append(rejection)
            summary.rejectionSources.append(sourceIndex)
        }
    }

    private mutating func flush(_ handOver: HandOver, file: String, bytesRead: Int) throws {
        guard !batch.isEmpty else { return }
        let full = ImportBatch(events: batch, file: file, bytesRead: bytesRead, rejectedSoFar: summary.rejected)
        if let spare = reuse?() {
            batch = spare.events
            batch.removeAll(keepingCapacity: true)  // the old events are freed here, on this thread
            batch.reserveCapacity(options.batchSize)  // a spare that carried lines has none
        } else {
            batch = []
            batch.reserveCapacity(options.batchSize)
        }
        guard try handOver(full) else { throw ImportStopped() }
        summary.imported += full.events.count
    }
}

/// The writer stopped (the database refused a batch): reading ends quietly.
struct ImportStopped: Error {}
