internal import Foundation
public import Model

/// The ingest daemon's group commits into PostgreSQL: one ``PostgresEventStore/insert(_:receivedAt:beforeCommit:)``
/// per group of requests, acknowledged after COMMIT.
///
/// A commit that gets no answer within `timeout` (the server is down, restarting, or the pool has
/// no connection) fails, so the daemon answers 503 instead of holding requests. The insert goes
/// on in the background and may still commit: a client's retry can then store an event twice,
/// but no acknowledged event is ever lost. The pool reconnects by itself once the server is back.
public struct PostgresGroupWriter: EventGroupWriter {
    public let store: PostgresEventStore
    public let timeout: Duration

    public init(store: PostgresEventStore, timeout: Duration = .seconds(10)) {
        self.store = store
        self.timeout = timeout
    }

    public nonisolated(nonsending) func commit(_ groups: [[TrackedEvent]]) async throws(StoreError) -> [[Int64]] {
        let all = groups.count == 1 ? groups[0] : groups.flatMap { $0 }
        let ids = try await Self.insert(all, into: store, timeout: timeout).get()
        // RETURNING gives a multi-row INSERT's ids in the order of its rows.
        var result: [[Int64]] = []
        result.reserveCapacity(groups.count)
        var start = 0
        for group in groups {
            result.append(Array(ids[start..<min(ids.count, start + group.count)]))
            start += group.count
        }
        return result
    }

    /// The insert's outcome, or a failure once `timeout` has passed without one. Not a task
    /// group: a group waits for all its children, and a lease waiting for a connection that
    /// cannot be made does not end when cancelled.
    private static func insert(
        _ events: [TrackedEvent], into store: PostgresEventStore, timeout: Duration
    ) async -> Result<[Int64], StoreError> {
        let outcome = Once<Result<[Int64], StoreError>>()
        return await withCheckedContinuation { continuation in
            outcome.set(continuation)
            let insert = Task {
                do throws(StoreError) {
                    outcome.finish(.success(try await store.insert(events)))
                } catch {
                    outcome.finish(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                let reason = "no answer within \(timeout.components.seconds) s; is the server running and reachable?"
                if outcome.finish(.failure(.cannotOpen(path: store.location.description, reason: reason))) {
                    insert.cancel()
                }
            }
        }
    }
}
