internal import Logging
internal import PostgresNIO

extension PostgresEventStore {
    /// ``withTransaction(_:)``, but it fails as soon as its connection closes.
    ///
    /// PostgresNIO (1.33) can leave a query unanswered for good when it is written to a connection
    /// the server is closing, as when the server restarts: `BEGIN`, the `INSERT` or `COMMIT` then
    /// never returned, and the ingest daemon waited out its 10 s commit timeout after about one
    /// restart in two (a real restart mid-load, `PostgresRestartTests`). Here the transaction runs
    /// in a task of its own, watched every ``closeCheckInterval``; once the connection has closed
    /// the caller gets an error at once and the pool makes a new connection for the next one. The
    /// abandoned task is cancelled, and what it holds is freed when it ends, if ever. A transaction
    /// abandoned after its COMMIT reached the server may have committed: like a timed-out commit,
    /// it is reported as failed (never as stored when it was not).
    func withWatchedTransaction<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        let logger = logger
        return try await withConnection { connection in
            try await Self.untilClosed(connection) { connection in
                try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
            }
        }
    }

    /// How often a watched transaction checks whether its connection has closed.
    static var closeCheckInterval: Duration { .milliseconds(100) }

    /// `body`'s outcome, or a ``StoreError`` once `connection` has closed without one.
    private static func untilClosed<T: Sendable>(
        _ connection: PostgresConnection, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let outcome = Once<Result<T, any Error>>()
        var watcher: Task<Void, Never>?
        let result = await withCheckedContinuation { continuation in
            outcome.set(continuation)
            let work = Task {
                do {
                    outcome.finish(.success(try await body(connection)))
                } catch {
                    outcome.finish(.failure(error))
                }
            }
            // A polling task, not a callback on the connection's closeFuture: such callbacks stay
            // until the connection closes, one more per transaction on a long-lived connection.
            watcher = Task {
                while !outcome.isFinished {
                    if connection.isClosed {
                        if outcome.finish(.failure(ConnectionClosedUnanswered())) { work.cancel() }
                        return
                    }
                    try? await Task.sleep(for: closeCheckInterval)
                }
            }
        }
        watcher?.cancel()
        return try result.get()
    }
}

/// A watched transaction's connection closed before the server answered.
struct ConnectionClosedUnanswered: Error, CustomStringConvertible {
    var description: String { "the connection closed before the server answered (is the server restarting?)" }
}
