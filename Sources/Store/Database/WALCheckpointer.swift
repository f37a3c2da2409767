internal import GRDB
public import Logging
internal import Foundation

/// Takes WAL checkpoints off the ingest daemon's commit path. SQLite checkpoints in the
/// connection that commits, once the WAL passes 1,000 pages: the commit that crosses it copies
/// the WAL into the database and fsyncs it before returning — a latency spike for every request
/// waiting on that commit, longest while a `build` or `import` beside the daemon fills the page
/// cache. The daemon turns automatic checkpoints off on its writer and this runs passive
/// checkpoints on a connection of its own, on its own thread, every `interval`: they copy what
/// no reader still needs without taking the write lock, so commits go on meanwhile. Under
/// steady load no pass is complete, as commits land during it: the daemon's writer completes each
/// one between two commits (``CheckpointHandoff``), and its next commit starts the WAL over (it
/// stays bounded).
public final class WALCheckpointer: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false
    private let logger: Logger
    private let handoff: CheckpointHandoff

    init(path: String, interval: Double, handoff: CheckpointHandoff, logger: Logger) throws(StoreError) {
        self.logger = logger
        self.handoff = handoff
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

    /// One passive checkpoint now; then the writer may complete it (``CheckpointHandoff``).
    func checkpoint() {
        do {
            _ = try queue.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            handoff.passFinished()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // The writer is completing the last pass: this one comes again after the interval.
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
            // A WAL that a burst grew is cut back to 64 MiB when it starts over.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = \(Self.walSizeLimit)")
            }
        } catch {
            throw Self.translate(error, path: path)
        }
        return try WALCheckpointer(path: path, interval: interval, handoff: checkpointHandoff, logger: logger)
    }

    /// What `journal_size_limit` keeps of the WAL file when it starts over (bytes).
    static let walSizeLimit = 64 << 20

    /// Completes the background checkpointer's last pass, if one ended since the last call, on
    /// the writer's connection between two of its transactions (``CheckpointHandoff``). A
    /// failure only leaves the WAL to the next pass: the commits before it stand.
    func completeCheckpointPass() {
        guard checkpointHandoff.take() else { return }
        do {
            _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        } catch {
            logger.debug("WAL checkpoint on the writer failed", metadata: ["error": "\(error)"])
        }
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
