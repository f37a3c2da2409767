internal import Foundation
internal import Model

extension EventImporter {
    /// Imports every source into PostgreSQL through COPY (``PostgresEventStore/importCopy(_:receivedAt:)``):
    /// one COPY statement per batch of ``ImportOptions/batchSize`` events, each all or nothing.
    /// With `--strict` the events are held until every line has been read and go in as one COPY,
    /// so a bad line stores nothing (memory then grows with the input). An import of 10,000
    /// events or more ends with `ANALYZE events`.
    public func run(
        _ sources: [ImportSource], into store: PostgresEventStore, standardInput: Int32 = 0,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws(ImportError) -> ImportSummary {
        let receivedAt = Clock.nowMilliseconds()
        let queue = BatchQueue<ImportBatch, ImportSummary>(capacity: 2)
        startReading(sources, standardInput: standardInput, receivedAt: receivedAt, into: queue)
        var committed = 0
        do {
            var held: [TrackedEvent] = []
            while let batch = try queue.take() {
                if options.strict {
                    held += batch.events
                } else {
                    committed += try await store.importCopy(batch.events, receivedAt: receivedAt)
                    progress?(batch.progress(imported: committed))
                }
                queue.recycle(batch)
            }
            if options.strict {
                committed = try await store.importCopy(held, receivedAt: receivedAt)
            }
        } catch {
            queue.cancel()
            _ = queue.waitForOutcome()
            switch error {
            case let error as ImportError: throw error
            case let error as StoreError: throw .store(error, imported: options.strict ? 0 : committed)
            default: throw .store(.failed(path: store.location.description, reason: "\(error)"), imported: committed)
            }
        }
        // A bulk load leaves the planner without statistics until autovacuum's next round.
        if committed >= 10_000 {
            do { try await store.analyze() } catch { throw .store(error, imported: committed) }
        }
        var summary = queue.waitForOutcome()
        summary.imported = committed
        return summary
    }
}
