internal import Foundation
public import Model

extension DemoGenerator {
    /// Generates and stores the demo events in PostgreSQL, one COPY per batch as `import` sends
    /// them (``PostgresEventStore/importCopy(_:receivedAt:)``), in generation order (late events
    /// last); returns how many. Ends with `ANALYZE events` from 10,000 events on, as an import
    /// does. The arrival-order shapes (`--shuffle`, `--out-of-order`) reorder an SQLite file's
    /// ids after the fact and are refused here.
    public func write(to store: PostgresEventStore) async throws(StoreError) -> Int {
        guard shape.outOfOrderPercent == 0 else {
            throw .failed(
                path: store.location.description,
                reason: "--shuffle and --out-of-order renumber an SQLite file's events; PostgreSQL takes the demo in time order")
        }
        let queue = BatchQueue<[TrackedEvent], Bool>(capacity: 2)
        startGenerating(into: queue)
        var total = 0
        do {
            while let batch = try queue.take() {
                total += try await store.importCopy(batch, receivedAt: end)
            }
            if total >= 10_000 { try await store.analyze() }
        } catch {
            queue.cancel()
            _ = queue.waitForOutcome()
            throw error as? StoreError ?? .failed(path: store.location.description, reason: "\(error)")
        }
        _ = queue.waitForOutcome()
        return total
    }
}
