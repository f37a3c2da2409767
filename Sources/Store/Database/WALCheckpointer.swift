internal import GRDB
internal import Model
public import Logging
internal import Foundation

/// Takes WAL checkpoints off the ingest daemon's commit path. SQLite checkpoints in the
/// connection that commits, once the WAL passes 1,000 pages: the commit that crosses it copies
/// the WAL into the database and fsyncs it before returning — a latency spike for every request
/// waiting on that commit, longest while a `build` or `import` beside the daemon fills the page
/// cache. The daemon turns automatic checkpoints off on its writer and this runs passive
/// checkpoints on a connection of its own, on its own thread, every `interval`: they copy what
/// no reader still needs without taking the write lock, so commits go on meanwhile. Under
/// steady load no pass is complete, as commits land during it: once the WAL is large, and while
/// no other connection writes, the daemon's writer completes one between two commits
/// (``CheckpointHandoff``), and its next commit starts the WAL over (it stays bounded).
public final class WALCheckpointer: @unchecked Sendable {
    private let queue: DatabaseQueue
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false
    private let logger: Logger
    private let handoff: CheckpointHandoff
    private let restartFrames: Int

    init(path: String, interval: Double, restartFrames: Int, handoff: CheckpointHandoff, logger: Logger) throws(StoreError) {
        self.logger = logger
        self.handoff = handoff
        self.restartFrames = restartFrames
        var configuration = Configuration()
        configuration.busyMode = AnalyticsStore.busyMode
        configuration.label = "espice.checkpointer"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw AnalyticsStore.translate(error, path: path)
        }
        NamedThread.start("espice-wal") { [self] in loop(interval) }
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

    /// Frames committed during a second pass beyond which the writer is not asked to finish:
    /// another writer (an `import` beside the daemon) is filling the WAL faster than passes
    /// copy it, and the writer's pass, on the commit path, would copy what it wrote.
    static let handoffFrames = 256

    /// A passive checkpoint now. Once the WAL holds `restartFrames` frames, a second pass copies
    /// what was committed during the first, and when that was little the writer is asked to
    /// complete the job between two of its commits (``CheckpointHandoff``): what it copies is then
    /// bounded by what commits in the time of a short pass. Completing costs the commits one
    /// `fsync` of the database file, so it waits until the WAL is large: about every 2 s at
    /// 30,000 single events a second.
    func checkpoint() {
        do {
            let complete = try queue.writeWithoutTransaction { db in
                let first = try db.checkpoint(.passive)
                guard first.walFrameCount >= restartFrames else { return false }
                let second = try db.checkpoint(.passive)
                // Fewer frames when the WAL started over between the passes.
                return second.walFrameCount - first.walFrameCount <= Self.handoffFrames
            }
            if complete { handoff.passFinished() }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // Another connection is checkpointing (the writer completing a pass, or an import):
            // this one comes again after the interval.
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
    ///
    /// - Parameter restartFrames: how large the WAL grows before the writer is asked to start it
    ///   over (``WALCheckpointer/checkpoint()``); 16,384 frames are 64 MiB of 4 KiB pages.
    public func startBackgroundCheckpoints(every interval: Double = 0.5, restartFrames: Int = 16_384) throws(StoreError) -> WALCheckpointer {
        do {
            // A WAL that a burst grew (a reader held it) is cut back when it starts over.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = \(Self.walSizeLimit)")
            }
        } catch {
            throw Self.translate(error, path: path)
        }
        return try WALCheckpointer(
            path: path, interval: interval, restartFrames: restartFrames, handoff: checkpointHandoff, logger: logger)
    }

    /// What `journal_size_limit` keeps of the WAL file when it starts over (bytes).
    static let walSizeLimit = 128 << 20

    /// Completes the background checkpointer's last pass, if one ended since the last call, on
    /// the writer's connection between two of its transactions (``CheckpointHandoff``). A
    /// failure only leaves the WAL to the next pass: the commits before it stand.
    func completeCheckpointPass() {
        guard checkpointHandoff.take() else { return }
        do {
            try pool.writeWithoutTransaction { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                guard checkpointHandoff.noOtherWriter(version: version) else { return }
                _ = try db.checkpoint(.passive)
            }
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
