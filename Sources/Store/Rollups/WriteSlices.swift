internal import GRDB
internal import Foundation

/// One long write cut into short transactions, for writes no reader sees until they are done (a
/// rebuild's shadow tables, ``RollupShadow``). ``tick()``, called between rows, commits once the
/// slice has held the write lock for ``budget``, leaves the lock free for a moment — an ingest
/// daemon waiting for it polls every half millisecond — and begins the next slice, whose first
/// step is `check` (has another build taken the shadows over?).
///
/// Why: SQLite has one write lock per file. A rebuild that merged its delta in one transaction
/// held it for a third of a second at 300,000 events, and every event the daemon acknowledged
/// meanwhile waited as long (issue 16: its p99 beside `report all --full` was 330–500 ms).
final class WriteSlices {
    /// How long a slice may hold the write lock.
    static let defaultBudget: Duration = .milliseconds(8)
    /// How long the lock stays free between slices: twice the daemon's polling interval.
    static let defaultPause: Duration = .milliseconds(1)

    let db: Database
    private let budget: UInt64
    private let pause: UInt64
    private let check: (Database) throws -> Void
    /// Called after each commit but the last, with the lock free (tests write and read there).
    private let between: (() throws -> Void)?
    private var started: UInt64 = 0
    /// Slices committed so far, the last one excepted.
    private(set) var commits = 0

    init(
        _ db: Database, budget: Duration, pause: Duration = defaultPause, check: @escaping (Database) throws -> Void,
        between: (() throws -> Void)?
    ) {
        self.db = db
        self.budget = Self.nanoseconds(budget)
        self.pause = Self.nanoseconds(pause)
        self.check = check
        self.between = between
    }

    /// Begins a slice: takes the write lock (waiting as every writer does) and runs `check`.
    func begin() throws {
        try db.beginTransaction(.immediate)
        try check(db)
        started = DispatchTime.now().uptimeNanoseconds
    }

    /// Commits and begins the next slice when this one has used its budget. The clock is read at
    /// every call: some rows (a day's block of users) take milliseconds to write.
    func tick() throws {
        guard DispatchTime.now().uptimeNanoseconds &- started >= budget else { return }
        try next()
    }

    /// Commits, leaves the lock free for the pause, and begins the next slice.
    func next() throws {
        try db.commit()
        commits += 1
        try between?()
        if pause > 0 { usleep(UInt32(min(pause / 1_000, 1_000_000))) }
        try begin()
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000
    }

    /// Ends the slice, runs `work` with the write lock free (sorting, folding: work that writes
    /// nothing), and begins the next slice.
    func outside<T>(_ work: () throws -> T) throws -> T {
        try db.commit()
        commits += 1
        let result = try work()
        try begin()
        return result
    }

    /// Commits the last slice.
    func finish() throws {
        try db.commit()
    }
}
