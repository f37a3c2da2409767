internal import Foundation
internal import Model

/// One span of events being folded in the background: its parts fold concurrently (one WAL
/// reader and one delta each) and are merged into one delta, whose user days are then made
/// ready for their merge (``UserDayBatch``) on the same thread; ``wait()`` hands both over.
final class FoldJob: @unchecked Sendable {
    typealias Outcome = Result<(delta: Aggregates, users: UserDayBatch, count: Int), StoreError>

    /// The last id of the span.
    let end: Int64
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Outcome?
    private var collected = false

    init(parts: [(Int64, Int64)], end: Int64, fold: @escaping @Sendable ((Int64, Int64)) throws(StoreError) -> (Aggregates, Int)) {
        self.end = end
        // Released before `done` is signalled, so what `fold` captures (the store) never outlives
        // the refresh on this thread — the process may exit right after.
        let work = FoldBox(fold)
        Thread { [self] in
            var results = ParallelWork.map(parts.count, workers: parts.count) { (index) throws(StoreError) in
                guard let fold = work.fold else { throw StoreError.failed(path: "", reason: "fold released early") }
                return try fold(parts[index])
            }
            work.fold = nil
            outcome = Result { () throws(StoreError) in
                var delta = Aggregates()
                var count = 0
                // Each part is moved out of `results` before it is merged: a part still held there
                // would make the merge copy every sketch and table it shares with `delta`.
                while let result = results.popLast() {
                    let (part, partCount) = try result.get()
                    if delta.isEmpty { delta = part } else { delta.merge(part) }
                    count += partCount
                }
                let users = UserDayBatch(delta.userDays)
                delta.userDays = [:]
                return (delta, users, count)
            }
            done.signal()
        }.start()
    }

    /// Blocks until the span is folded. Only the first call gets the delta.
    func wait() -> Outcome {
        if collected { return .failure(.failed(path: "", reason: "fold already collected")) }
        collected = true
        done.wait()
        defer { outcome = nil }
        return outcome ?? .failure(.failed(path: "", reason: "a fold worker did not finish"))
    }
}

/// The fold function of a ``FoldJob``, released by its thread when done.
private final class FoldBox: @unchecked Sendable {
    var fold: (@Sendable ((Int64, Int64)) throws(StoreError) -> (Aggregates, Int))?

    init(_ fold: @escaping @Sendable ((Int64, Int64)) throws(StoreError) -> (Aggregates, Int)) { self.fold = fold }
}
