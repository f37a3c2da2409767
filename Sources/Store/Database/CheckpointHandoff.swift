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
/// After each background pass ``WALCheckpointer`` raises this flag. The writer's next group commit
/// (``AnalyticsStore/commit(_:)``) takes it and runs one more passive checkpoint on its own
/// connection, between its transactions: no commit can land during it, so it copies the few pages
/// committed since the pass and completes (unless a reader still needs them), and the writer's
/// next transaction starts the WAL over.
final class CheckpointHandoff: Sendable {
    private let passed = Atomic<Bool>(false)

    /// A background pass ended.
    func passFinished() {
        passed.store(true, ordering: .releasing)
    }

    /// Whether a pass ended since the last call (and lowers the flag).
    func take() -> Bool {
        passed.exchange(false, ordering: .acquiringAndReleasing)
    }
}
