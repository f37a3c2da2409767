internal import Model
internal import Foundation

/// One batch of original events handed from the reading thread to the inserting one.
struct TakeoverBatch: Sendable {
    var events: [TrackedEvent]
    /// The highest original id this batch covers (its rejected rows included).
    var lastId: Int64
    /// Rows read for this batch: events plus rejected rows.
    var rows: Int
    var rejected: Int
}

/// What the reading thread saw, handed over when it ends.
struct TakeoverReadOutcome: Sendable {
    var rejected = 0
    var rejections: [TakeoverRejection] = []
    var nonFiniteValues = 0
}

/// The reading side of a takeover: walks the source's events in id order, one short read
/// transaction per chunk, validates each row and hands over batches. Never touches the target.
struct TakeoverReader: Sendable {
    let options: TakeoverOptions
    let source: OriginalDatabase
    let after: Int64
    let upTo: Int64
    let receivedAt: Int64

    /// Starts the reading thread; its batches arrive through the returned queue, which rethrows
    /// what stopped it (an unreadable source, or with `strict` the first bad row).
    func start() -> BatchQueue<TakeoverBatch, TakeoverReadOutcome> {
        let queue = BatchQueue<TakeoverBatch, TakeoverReadOutcome>(capacity: 2)
        let reader = self
        NamedThread.start("espice-takeover", stackSize: 8 << 20) {
            var outcome = TakeoverReadOutcome()
            do {
                try reader.readAll(into: queue, outcome: &outcome)
                queue.finish(outcome)
            } catch {
                queue.finish(outcome, error: error)
            }
        }
        return queue
    }

    private func readAll(into queue: BatchQueue<TakeoverBatch, TakeoverReadOutcome>, outcome: inout TakeoverReadOutcome) throws {
        let decoder = EventDecoder()
        var position = after
        var batch = TakeoverBatch(events: [], lastId: after, rows: 0, rejected: 0)
        batch.events.reserveCapacity(options.batchSize)
        while position < upTo {
            var failure: TakeoverRejection?
            let read = try source.events(after: position, upTo: upTo, limit: options.chunkSize) { row in
                guard failure == nil else { return }
                position = row.id
                batch.lastId = row.id
                batch.rows += 1
                do {
                    batch.events.append(try decoder.decodeOriginalRow(
                        eventType: row.eventType, timestamp: row.timestamp, serviceName: row.serviceName, userId: row.userId,
                        eventData: row.eventData, receivedAt: receivedAt, nonFiniteValues: &outcome.nonFiniteValues))
                } catch {
                    let rejection = TakeoverRejection(path: source.path, table: "analytics_events", id: row.id, reason: "\(error)")
                    if options.strict { failure = rejection }
                    batch.rejected += 1
                    outcome.rejected += 1
                    if outcome.rejections.count < options.maxListedRejections { outcome.rejections.append(rejection) }
                }
            }
            if let failure { throw TakeoverError.strictRejection(failure) }
            if read == 0 { break }
            // Hand over outside the read transaction: waiting for the writer must never hold the
            // source's lock.
            if batch.rows >= options.batchSize || position >= upTo {
                guard queue.put(batch) else { return }
                batch = TakeoverBatch(events: [], lastId: position, rows: 0, rejected: 0)
                batch.events.reserveCapacity(options.batchSize)
            }
        }
        if batch.rows > 0 { _ = queue.put(batch) }
    }
}
