internal import Foundation
internal import Model

/// One span of events being folded in the background: its parts fold concurrently (one WAL
/// reader and one delta each) and are merged into one delta, whose user days are then made
/// ready for their merge (``UserDayBatch``) on the same thread; ``wait()`` hands both over.
final class FoldJob: Sendable {
    typealias Outcome = Result<FoldedSpan, StoreError>

    /// The last id of the span.
    let end: Int64
    private let work: BackgroundWork<Outcome>

    init(parts: [(Int64, Int64)], end: Int64, fold: @escaping @Sendable ((Int64, Int64)) throws(StoreError) -> SpanFold) {
        self.end = end
        work = BackgroundWork {
            var results = ParallelWork.map(parts.count, workers: parts.count) { (index) throws(StoreError) in try fold(parts[index]) }
            return Result { () throws(StoreError) in
                var whole = SpanFold()
                // Each part is moved out of `results` before it is merged: a part still held there
                // would make the merge copy every sketch and table it shares with `whole`.
                while let result = results.popLast() {
                    let part = try result.get()
                    if whole.count == 0 { whole = part } else { whole.merge(part) }
                }
                return FoldedSpan(delta: whole.delta, users: UserDayBatch(whole.users), count: whole.count)
            }
        }
    }

    /// Blocks until the span is folded. Only the first call gets the delta.
    func wait() -> Outcome {
        work.wait() ?? .failure(.failed(path: "", reason: "fold already collected"))
    }
}

/// A folded span as its merge takes it: the hour-slot families, the user days made ready, and
/// the number of events.
struct FoldedSpan: Sendable {
    var delta: Aggregates
    var users: UserDayBatch
    var count: Int
}

/// What the fold of a span (or a part of one) collects: the hour-slot families, each user's
/// days, and the number of events.
struct SpanFold: Sendable {
    var delta = Aggregates()
    var users = UserDayTally()
    var count = 0

    mutating func merge(_ other: SpanFold) {
        delta.merge(other.delta)
        users.merge(other.users)
        count += other.count
    }
}
