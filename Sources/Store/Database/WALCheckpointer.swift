internal import GRDB
public import Logging
internal import Foundation

/// Takes WAL checkpoints off the ingest daemon's commit path. SQLite checkpoints in the
/// connection that commits, once the WAL passes 1,000 pages: the commit that crosses it copies
/// the WAL into the database and fsyncs it before returning — a latency spike for every request
/// waiting on that commit, longest while a `build` or `import` beside the daemon fills the page
/// cache. The daemon turns automatic checkpoints off on its writer and this runs passive
/// checkpoints on a connection of its own, on its own thread, every `interval`: they copy what
/// no reader still needs without taking the write lock, so commits go on meanwhile, and the
/// next commit after a complete one starts the WAL over (it stays bounded).
public final class WALCheckpointer: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false
    private let logger: Logger

    init(path: String, interval: Double, logger: Logger) throws(StoreError) {
        self.logger = logger
        var configuration = Configuration()
        configuration.busyMode = AnalyticsStore.busyMode
        configuration.label = "espice.checkpointer"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw AnalyticsStore.translate(error, path: path)
        }
        let thread = Thread { [self] in loop(interval) }
        thread.name = "espice.checkpointer"
        thread.start()
    }

    private func loop(_ interval: Double) {
        condition.lock()
        while !stopped {
            _ = condition.wait(until: Date(timeIntervalSinceNow: interval))
            if stopped { break }
            condition.unlock()
            checkpoint()
            condition.lock()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// One passive checkpoint now.
    func checkpoint() {
        do {
            _ = try queue.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        } catch {
            logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)"])
        }
    }

    /// Stops the thread (waits for a checkpoint in progress) and closes its connection.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
        try? queue.close()
    }
}

extension AnalyticsStore {
    /// Turns automatic checkpoints off on the writer connection and starts a
    /// ``WALCheckpointer`` beside it (the ingest daemon; stop it at shutdown).
    public func startBackgroundCheckpoints(every interval: Double = 0.5) throws(StoreError) -> WALCheckpointer {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch {
            throw Self.translate(error, path: path)
        }
        return try WALCheckpointer(path: path, interval: interval, logger: logger)
    }

    /// The writer connection's `wal_autocheckpoint` (pages; 0 when checkpoints run elsewhere).
    public func writerAutocheckpoint() throws(StoreError) -> Int {
        do {
            return try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } ?? -1
        } catch {
            throw Self.translate(error, path: path)
        }
    }
}
