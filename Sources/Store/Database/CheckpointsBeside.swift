internal import GRDB
internal import Foundation

/// The writer's automatic checkpoints moved to a ``WALCheckpointer`` for one long write (a
/// refresh's merges), then put back: ``end()``.
///
/// Why: a checkpoint run by the connection that commits copies the WAL into the database and
/// fsyncs both files before the commit returns. A rebuild commits every few milliseconds
/// (``WriteSlices``), and its writer — the one thread the merges wait on — waited 0.15 s in
/// `fdatasync` (`strace`) during a 2.2 s cold `report all` of 1M events, and copied the WAL's
/// pages, while the other core had little to do. Moved here: 2.22–2.39 s → 2.08–2.29 s.
///
/// A refresh that leaves a drop running hands them to it (``AnalyticsStore/refreshRollups(_:full:chunkSize:workers:usersByDayAbove:slices:)``):
/// the drop commits often too, and the writer it holds to the end could not be taken back before.
/// `end()` may then come from the drop's thread; it runs once.
final class CheckpointsBeside: @unchecked Sendable {
    private let store: AnalyticsStore
    private let checkpointer: WALCheckpointer
    private let autocheckpoint: Int

    /// Nil when the writer's checkpoints already run elsewhere (the ingest daemon's).
    static func start(_ store: AnalyticsStore, every interval: Double = 0.05) throws(StoreError) -> CheckpointsBeside? {
        let autocheckpoint = try store.writerAutocheckpoint()
        guard autocheckpoint > 0 else { return nil }
        return CheckpointsBeside(store: store, checkpointer: try store.startBackgroundCheckpoints(every: interval), autocheckpoint: autocheckpoint)
    }

    private init(store: AnalyticsStore, checkpointer: WALCheckpointer, autocheckpoint: Int) {
        self.store = store
        self.checkpointer = checkpointer
        self.autocheckpoint = autocheckpoint
    }

    private let lock = NSLock()
    private var ended = false

    /// Stops the checkpointer and gives the writer its automatic checkpoints back; once.
    func end() {
        let first = lock.withLock {
            defer { ended = true }
            return !ended
        }
        guard first else { return }
        checkpointer.stop()
        try? store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(autocheckpoint)") }
    }
}
