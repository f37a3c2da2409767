internal import Synchronization

/// Lets the writer finish what the background checkpointer began, so that the WAL starts over
/// under steady load instead of growing without end.
///
/// A passive checkpoint on another connection copies the WAL as it stood when the pass began.
/// Commits go on meanwhile, so under steady load no pass ever finds the whole WAL copied, the
/// writer's next transaction never starts the WAL from its first frame, and the file grows:
/// 475 MB after 15 s of single events at 26,000 a second. Every commit then appends to the file,
/// and an append costs `fdatasync` a journal commit too (about 1.6× the time and CPU of writing
/// over a file's existing pages, measured on this machine).
///
/// After a background pass that found the WAL large, ``WALCheckpointer`` raises this flag. The
/// writer's next group commit (``AnalyticsStore/commit(_:)``) takes it and runs one more passive
/// checkpoint on its own connection, between its transactions: no commit can land during it, so
/// it copies the few pages committed since the pass and completes (unless a reader still needs
/// them), and the writer's next transaction starts the WAL over.
///
/// Not while another connection writes (an `import` beside the daemon): completing costs the
/// commits one `fsync` of the database file, which that writer's I/O makes long (single events
/// beside an import: p99 23–71 ms in four variants that completed regardless, against 12–21 ms),
/// and that writer's own checkpoints start the WAL over meanwhile.
final class CheckpointHandoff: Sendable {
    private let passed = Atomic<Bool>(false)
    /// The writer connection's `PRAGMA data_version` when it last looked (-1: never).
    private let seenVersion = Atomic<Int>(-1)

    /// A background pass ended with the WAL large and nearly all copied.
    func passFinished() {
        passed.store(true, ordering: .releasing)
    }

    /// Whether a pass ended since the last call (and lowers the flag).
    func take() -> Bool {
        passed.exchange(false, ordering: .acquiringAndReleasing)
    }

    /// Whether no other connection committed since the writer last looked: `version` is the
    /// writer connection's `PRAGMA data_version` now, which changes only with other connections'
    /// commits.
    func noOtherWriter(version: Int) -> Bool {
        seenVersion.exchange(version, ordering: .relaxed) == version
    }
}
