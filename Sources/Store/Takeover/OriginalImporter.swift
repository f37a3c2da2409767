internal import Model
internal import GRDB
internal import Foundation

/// Takes over the original service's SQLite database (`import OLD.db`): its events, saved
/// reports and dashboards, read-only (see ``OriginalDatabase``).
///
/// Per source database this store remembers the highest original event id it took, moved in
/// the same transaction as the events, so a trial import while the old service runs and a final
/// one after it stops hold every event once, and an interrupted import resumes where it stopped.
/// Two threads share the work as in ``EventImporter``: one reads and validates chunks of rows
/// (``TakeoverReader``), the caller's thread inserts them, with at most two batches in between,
/// so memory does not grow with the number of rows.
public struct OriginalImporter: Sendable {
    public var options: TakeoverOptions

    public init(options: TakeoverOptions = TakeoverOptions()) {
        self.options = options
    }

    /// Whether `path` is the original service's database (SQLite, with `analytics_events`).
    public static func recognises(path: String) -> Bool {
        OriginalDatabase.recognises(path: path)
    }

    /// Whether `path` starts with SQLite's file header.
    public static func isSQLiteFile(path: String) -> Bool {
        OriginalDatabase.hasSQLiteHeader(path)
    }

    /// Takes over `path` into `store`. Without `strict`, unreadable rows and configs are listed
    /// in the summary and the rest is stored, each batch in its own transaction; with it, all of
    /// it is one transaction and the first unreadable row or config aborts it.
    public func run(
        _ path: String, into store: AnalyticsStore, progress: (@Sendable (TakeoverProgress) -> Void)? = nil
    ) throws(TakeoverError) -> TakeoverSummary {
        let source = try OriginalDatabase(path: path)
        let snapshot = try source.snapshot()
        let now = Clock.nowMilliseconds()
        var summary = TakeoverSummary(path: path)
        summary.metricsRows = snapshot.metricsRows
        summary.lastEventId = snapshot.lastEventId
        let savedReports = prepare(snapshot.savedReports, kind: .savedReport, path: path, now: now, into: &summary.savedReports)
        let dashboards = prepare(snapshot.dashboards, kind: .dashboard, path: path, now: now, into: &summary.dashboards)
        if options.strict, let first = (summary.savedReports.rejected + summary.dashboards.rejected).first {
            throw .strictRejection(first)
        }
        var committed = 0
        do {
            let steps = TakeoverSteps(
                options: options, source: source, snapshot: snapshot, savedReports: savedReports, dashboards: dashboards,
                store: store, now: now, progress: progress)
            if options.strict {
                try store.withBulkImportSettings {
                    try store.pool.write { db in
                        try steps.run(&summary, committed: &committed) { body in try body(db) }
                    }
                }
            } else {
                try store.withBulkImportSettings {
                    try steps.run(&summary, committed: &committed) { body in try store.pool.write(body) }
                }
            }
        } catch let error as TakeoverError {
            throw error
        } catch let error as StoreError {
            throw .store(error, imported: options.strict ? 0 : committed)
        } catch {
            throw .store(AnalyticsStore.translate(error, path: store.path), imported: options.strict ? 0 : committed)
        }
        return summary
    }

    private func prepare(
        _ rows: [OriginalConfigRow], kind: TakenOverKind, path: String, now: Int64, into outcome: inout ConfigOutcome
    ) -> [TakenOverConfig] {
        rows.compactMap { row in
            switch TakenOverConfig.prepare(row, kind: kind, path: path, options: options, now: now) {
            case .success(let config): return config
            case .failure(let rejection):
                outcome.rejected.append(rejection)
                return nil
            }
        }
    }

    /// The write side of one takeover: the source's row, the events batch by batch, the configs.
    /// `transaction` runs its body in a write transaction (its own, or the one strict mode holds).
    private struct TakeoverSteps {
        let options: TakeoverOptions
        let source: OriginalDatabase
        let snapshot: OriginalSnapshot
        let savedReports: [TakenOverConfig]
        let dashboards: [TakenOverConfig]
        let store: AnalyticsStore
        let now: Int64
        let progress: (@Sendable (TakeoverProgress) -> Void)?

        typealias Transaction = ((Database) throws -> Void) throws -> Void

        func run(_ summary: inout TakeoverSummary, committed: inout Int, transaction: Transaction) throws {
            var state: TakeoverSourceState?
            let known = try (store.takeoverSource(identity: snapshot.identity) ?? store.takeoverSource(identity: source.pathIdentity)) != nil
            try transaction { db in
                state = try AnalyticsStore.beginTakeover(
                    db, identity: snapshot.identity, pathIdentity: source.pathIdentity, path: source.path, at: now)
            }
            guard let state else { return }
            summary.isFirstImport = !known
            summary.previousLastEventId = state.lastEventId
            summary.lastEventId = max(state.lastEventId, snapshot.lastEventId)

            let total = try source.countEvents(after: state.lastEventId, upTo: snapshot.lastEventId)
            let reader = TakeoverReader(
                options: options, source: source, after: state.lastEventId, upTo: snapshot.lastEventId, receivedAt: now)
            let queue = reader.start()
            var done = 0
            do {
                while let batch = try queue.take() {
                    try transaction { db in
                        try AnalyticsStore.commitTakeoverBatch(
                            db, batch.events, sourceId: state.id, lastId: batch.lastId, rejected: batch.rejected, receivedAt: now)
                    }
                    committed += batch.events.count
                    done += batch.rows
                    progress?(TakeoverProgress(path: source.path, done: done, total: total))
                }
            } catch {
                queue.cancel()
                _ = queue.waitForOutcome()
                throw error
            }
            let read = queue.waitForOutcome()
            summary.imported = committed
            summary.rejected = read.rejected
            summary.rejections = read.rejections
            summary.nonFiniteValues = read.nonFiniteValues

            try transaction { db in
                summary.savedReports.merge(try AnalyticsStore.storeTakenOver(
                    db, savedReports, kind: .savedReport, sourceId: state.id, path: source.path))
                summary.dashboards.merge(try AnalyticsStore.storeTakenOver(
                    db, dashboards, kind: .dashboard, sourceId: state.id, path: source.path))
            }
            if options.strict, let first = (summary.savedReports.rejected + summary.dashboards.rejected).first {
                throw TakeoverError.strictRejection(first)
            }
        }
    }
}

extension ConfigOutcome {
    mutating func merge(_ other: ConfigOutcome) {
        added += other.added
        updated += other.updated
        unchanged += other.unchanged
        renamed += other.renamed
        rejected += other.rejected
    }
}
