internal import Model
internal import Foundation

/// `espice-analytics import`: streams NDJSON or CSV files into the store in constant memory,
/// one transaction per batch (or one for everything with `--strict`).
public struct EventImporter: Sendable {
    public var options: ImportOptions
    private let decoder = EventDecoder()

    public init(options: ImportOptions) {
        self.options = options
    }

    /// Imports every source in order. Without `--strict`, bad lines and unreadable files are
    /// listed in the summary and the rest is stored; with it, the first one aborts and nothing
    /// is stored. A database failure stops the import; the batches before it stay stored.
    public func run(
        _ sources: [ImportSource], into store: AnalyticsStore, standardInput: Int32 = 0,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) throws(ImportError) -> ImportSummary {
        let receivedAt = Clock.nowMilliseconds()
        var run = ImportRun(options: options, decoder: decoder, receivedAt: receivedAt, progress: progress)
        if options.strict {
            do {
                try store.withEventTransaction(receivedAt: receivedAt) { sink in
                    try run.readAll(sources, standardInput: standardInput) { batch in
                        for event in batch { try sink.insert(event) }
                    }
                }
            } catch let error as ImportError {
                throw error
            } catch let error as StoreError {
                throw .store(error, imported: 0)
            } catch {
                throw .store(AnalyticsStore.translate(error, path: store.path), imported: 0)
            }
        } else {
            do {
                try run.readAll(sources, standardInput: standardInput) { batch in
                    try store.insert(batch, receivedAt: receivedAt)
                }
            } catch let error as ImportError {
                throw error
            } catch let error as StoreError {
                throw .store(error, imported: run.summary.imported)
            } catch {
                throw .store(AnalyticsStore.translate(error, path: store.path), imported: run.summary.imported)
            }
        }
        return run.summary
    }
}

/// The state of one import: the current batch and the running summary.
struct ImportRun {
    let options: ImportOptions
    let decoder: EventDecoder
    let receivedAt: Int64
    let progress: (@Sendable (ImportProgress) -> Void)?
    var summary = ImportSummary()
    private var batch: [TrackedEvent] = []

    init(options: ImportOptions, decoder: EventDecoder, receivedAt: Int64, progress: (@Sendable (ImportProgress) -> Void)?) {
        self.options = options
        self.decoder = decoder
        self.receivedAt = receivedAt
        self.progress = progress
        batch.reserveCapacity(options.batchSize)
    }

    mutating func readAll(
        _ sources: [ImportSource], standardInput: Int32, flush: ([TrackedEvent]) throws -> Void
    ) throws {
        for source in sources {
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
                case .ndjson: try readNDJSON(reader, flush: flush)
                case .csv: try readCSV(reader, flush: flush)
                }
            } catch let error as ImportError {
                guard case .unreadable = error else { throw error }
                try unreadable(error)
            }
            try flushBatch(flush, file: reader.name, bytesRead: reader.bytesRead)
        }
    }

    private mutating func unreadable(_ error: ImportError) throws {
        guard case .unreadable(let path, let reason) = error else { throw error }
        if options.strict { throw ImportError.strictUnreadable(path: path, reason: reason) }
        summary.unreadableFiles.append("\(path): \(reason)")
    }

    private mutating func readNDJSON(_ reader: LineReader, flush: ([TrackedEvent]) throws -> Void) throws {
        while let line = try reader.next() {
            switch line {
            case .overlong:
                try reject(file: reader.name, line: reader.lineNumber, reason: "line longer than 4 MiB")
            case .text(let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                do {
                    batch.append(try decoder.decode(bytes, receivedAt: receivedAt))
                } catch {
                    try reject(file: reader.name, line: reader.lineNumber, reason: error.description)
                }
            }
            if batch.count >= options.batchSize {
                try flushBatch(flush, file: reader.name, bytesRead: reader.bytesRead)
            }
        }
    }

    private mutating func readCSV(_ reader: LineReader, flush: ([TrackedEvent]) throws -> Void) throws {
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
                        file: reader.name, line: line,
                        reason: "expected \(header.count) columns, found \(fields.count)")
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
                try flushBatch(flush, file: reader.name, bytesRead: reader.bytesRead)
            }
        }
    }

    private mutating func reject(file: String, line: Int, reason: String) throws {
        let rejection = ImportRejection(file: file, line: line, reason: reason)
        if options.strict { throw ImportError.strictRejection(rejection) }
        summary.rejected += 1
        if summary.rejections.count < options.maxListedRejections { summary.rejections.append(rejection) }
    }

    private mutating func flushBatch(_ flush: ([TrackedEvent]) throws -> Void, file: String, bytesRead: Int) throws {
        guard !batch.isEmpty else { return }
        try flush(batch)
        summary.imported += batch.count
        batch.removeAll(keepingCapacity: true)
        progress?(ImportProgress(file: file, bytesRead: bytesRead, imported: summary.imported, rejected: summary.rejected))
    }
}

/// Where each import column sits in a CSV file's header.
struct CSVColumns {
    enum Column: String, CaseIterable {
        case eventType = "event_type", timestamp, serviceName = "service_name", userId = "user_id"
        case eventData = "event_data"
    }

    private var positions: [Column: Int] = [:]

    init(header: [String], file: String) throws(ImportError) {
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let column = Column(rawValue: key) else {
                throw .badHeader(
                    file: file,
                    reason: "unknown column \"\(name)\" (expected event_type,timestamp,service_name,user_id,event_data)")
            }
            positions[column] = index
        }
        guard positions[.eventType] != nil else {
            throw .badHeader(file: file, reason: "the header has no event_type column")
        }
    }

    func value(_ column: Column, in fields: [String]) -> String {
        positions[column].map { fields[$0] } ?? ""
    }
}
