public import Model

/// What a takeover of the original service's database can do differently.
public struct TakeoverOptions: Sendable {
    /// Any unreadable row or config aborts the takeover and nothing of it is stored.
    public var strict = false
    /// Original events read per read transaction (each a few milliseconds of shared lock).
    public var chunkSize = 10_000
    /// Events per write transaction.
    public var batchSize = 10_000
    /// Unreadable rows listed one by one; the rest are counted.
    public var maxListedRejections = 20
    /// Checks a dashboard beyond its JSON shape (the report engine's metric catalogue); the
    /// error's text is listed with the dashboard's original id.
    public var validateDashboard: @Sendable (DashboardConfig) throws -> Void = { _ in }

    public init(strict: Bool = false) {
        self.strict = strict
    }
}

/// Progress of the event copy, reported after each batch.
public struct TakeoverProgress: Sendable {
    public var path: String
    /// Rows handled so far (imported or listed) and in all, for this import.
    public var done: Int
    public var total: Int
}

/// A row or config of the source that was not taken over: `OLD.db: analytics_events id 17: reason`.
public struct TakeoverRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var table: String
    public var id: Int64
    public var reason: String

    public var description: String { "\(path): \(table) id \(id): \(reason)" }
}

/// What became of the original's dashboards or saved reports.
public struct ConfigOutcome: Sendable, Hashable {
    /// Stored here for the first time (or again, after being removed here).
    public var added = 0
    /// Stored by an earlier import and replaced by the source's current version.
    public var updated = 0
    /// Stored by an earlier import, identical now.
    public var unchanged = 0
    /// Stored under another name, because the name (or its slug) was taken: the documented rule
    /// is `NAME (original #ID)`.
    public var renamed: [Renaming] = []
    public var rejected: [TakeoverRejection] = []

    public struct Renaming: Sendable, Hashable {
        public var originalId: Int64
        public var originalName: String
        public var storedName: String
    }
}

/// The outcome of one takeover.
public struct TakeoverSummary: Sendable {
    public var path: String
    /// True when no earlier import had taken anything from this source.
    public var isFirstImport = true
    /// The highest original event id before this import (0 the first time) and after it.
    public var previousLastEventId: Int64 = 0
    public var lastEventId: Int64 = 0
    public var imported = 0
    public var rejected = 0
    /// The first rejected rows, in id order.
    public var rejections: [TakeoverRejection] = []
    /// `NaN`, `Infinity` or `-Infinity` values stored as `null` in imported `event_data`.
    public var nonFiniteValues = 0
    public var savedReports = ConfigOutcome()
    public var dashboards = ConfigOutcome()
    /// Rows of the original's `metrics` table, which is not imported (derived figures).
    public var metricsRows = 0

    /// True when every row and config was taken over.
    public var isClean: Bool { rejected == 0 && savedReports.rejected.isEmpty && dashboards.rejected.isEmpty }
}

/// Why a takeover stopped.
public enum TakeoverError: Error, Sendable, CustomStringConvertible {
    /// An SQLite file that is not the original's database.
    case notOriginal(path: String, reason: String)
    case unreadable(path: String, reason: String)
    /// `--strict`: a row or config could not be taken over; nothing was stored.
    case strictRejection(TakeoverRejection)
    /// The database refused a batch; the batches committed before stay (and are remembered).
    case store(StoreError, imported: Int)

    public var description: String {
        switch self {
        case .notOriginal(let path, let reason):
            "\(path): an SQLite database, but not the original analytics service's (\(reason)); import takes NDJSON, CSV or that database"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .strictRejection(let rejection): "\(rejection) (--strict: nothing was imported)"
        case .store(let error, let imported):
            "\(error) (\(imported) events imported before the failure are stored; importing again continues from there)"
        }
    }
}
