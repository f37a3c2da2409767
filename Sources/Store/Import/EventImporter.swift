internal import Model
internal import Foundation

/// `espice-analytics import`: streams NDJSON or CSV files into the store in constant memory.
///
/// Two threads share the work: one reads and validates lines into batches, the caller's thread
/// inserts them, with at most two batches waiting in between (a run's worth while events out of
/// time order are gathered into runs; once those runs are spilled, lines go into them
/// undecoded, with their times, and are decoded as the merged runs are stored, ``SortedLines``).
/// Transactions hold at most 2,500 events, and batches out of time order go in as one sorted
/// run, or merged from a sort file when there are more (``TimeOrderedRuns``); with `--strict`,
/// one transaction holds everything and any bad line rolls it all back.
public struct EventImporter: Sendable {
    public var options: ImportOptions
    /// Events out of time order gathered into one sorted run (smaller in tests, to spill runs).
    var runSize = TimeOrderedRuns.runSize
    /// Events in the table past which runs are spilled and merged (smaller in tests).
    var spillAbove = TimeOrderedRuns.spillAbove
    /// Whether lines go into the sort file undecoded once runs are spilled, decoded when they
    /// are stored (``SortedLines``; off in tests, for a reference import decoded by the reader).
    var sortsLines = true
    /// Whether the writer reads the sort times of lines the reader lends it while it would wait
    /// (off in tests, for the reader alone).
    var lendsLines = true
    private let decoder = EventDecoder()

    public init(options: ImportOptions) {
        self.options = options
    }

    /// Imports every source in order. Without `--strict`, bad lines and unreadable files are
    /// listed in the summary and the rest is stored; with it, the first one aborts and nothing
    /// is stored. A database failure stops the import; the batches committed before it stay.
    public func run(
        _ sources: [ImportSource], into store: AnalyticsStore, standardInput: Int32 = 0,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) throws(ImportError) -> ImportSummary {
        let receivedAt = Clock.nowMilliseconds()
        let queue = BatchQueue<ImportBatch, ImportSummary>(capacity: 2)
        startReading(sources, standardInput: standardInput, receivedAt: receivedAt, into: queue)

        var committed = 0
        let lines = sortsLines ? SortedLines(decoder: decoder, receivedAt: receivedAt, limit: options.maxListedRejections) : nil
        do {
            if options.strict {
                var inserted = 0
                try store.withBulkImportSettings {
                    try store.withEventTransaction(receivedAt: receivedAt) { sink in
                        while let batch = try queue.take() {
                            try sink.insertAll(batch.events)
                            inserted += batch.events.count
                            progress?(batch.progress(imported: inserted))
                            queue.recycle(batch)
                        }
                    }
                }
                committed = inserted
            } else {
                try store.withBulkImportSettings {
                    var latest: ImportBatch?
                    var writer = TimeOrderedRuns(
                        store: store, receivedAt: receivedAt, sliceSize: options.batchSize, runSize: runSize,
                        spillAbove: spillAbove, lines: lines
                    ) { count in
                        committed += count
                        if let latest { progress?(latest.progress(imported: committed)) }
                    }
                    while let batch = try queue.take() {
                        // Where reading stood, for progress (not the events: the reader reuses them).
                        latest = ImportBatch(events: [], file: batch.file, bytesRead: batch.bytesRead, rejectedSoFar: batch.rejectedSoFar)
                        if let chunk = batch.lines {
                            try writer.add(chunk, file: batch.file)
                        } else {
                            try writer.add(batch.events)
                        }
                        queue.recycle(batch)
                        // Once runs are spilled, lines come undecoded with their sort times; this
                        // thread only sorts and writes them, and reads their times itself
                        // whenever it would wait for the reader.
                        queue.acceptSecondForm(writer.sortsLines)
                        queue.offerHelp(lendsLines && writer.sortsLines)
                        // A run's events come in while the last run is stored: the reader keeps
                        // reading (up to a run of batches ahead) rather than wait for each run.
                        if writer.gathersRun { queue.allow(max(2, runSize / max(1, options.batchSize))) }
                    }
                    try writer.flush()
                }
            }
        } catch {
            queue.cancel()
            _ = queue.waitForOutcome()
            throw Self.importError(error, store: store, committed: options.strict ? 0 : committed)
        }
        var summary = queue.waitForOutcome()
        lines?.report(into: &summary)
        summary.imported = committed
        return summary
    }

    /// Starts the reading thread: it validates lines into batches and hands them to `queue`.
    func startReading(
        _ sources: [ImportSource], standardInput: Int32, receivedAt: Int64,
        into queue: BatchQueue<ImportBatch, ImportSummary>
    ) {
        let options = options
        let decoder = decoder
        NamedThread.start("espice-import", stackSize: 8 << 20) {
            var run = ImportRun(options: options, decoder: decoder, receivedAt: receivedAt)
            run.reuse = { queue.reuse() }
            run.sendLines = { queue.takesSecondForm() }
            run.lendLines = { queue.wantsHelp() }
            do {
                try run.readAll(sources, standardInput: standardInput) { queue.put($0) }
                queue.finish(run.summary)
            } catch is ImportStopped {
                queue.finish(run.summary)
            } catch {
                queue.finish(run.summary, error: error)
            }
        }
    }

    private static func importError(_ error: any Error, store: AnalyticsStore, committed: Int) -> ImportError {
        switch error {
        case let error as ImportError: error
        case let error as StoreError: .store(error, imported: committed)
        default: .store(AnalyticsStore.translate(error, path: store.path), imported: committed)
        }
    }
}

extension ImportBatch {
    func progress(imported: Int) -> ImportProgress {
        ImportProgress(file: file, bytesRead: bytesRead, imported: imported, rejected: rejectedSoFar)
    }
}
