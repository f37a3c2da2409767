internal import Model
/// What can go wrong in the store, worded for the person running the command: each names the
/// database path.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case notADatabase(path: String)
    case newerSchema(path: String, unknownMigrations: [String])
    /// The original Python service's database (it has `analytics_events`): taken over by
    /// `import`, never opened as ours.
    case originalServiceDatabase(path: String)
    /// An SQLite database with tables, none of them ours.
    case foreignDatabase(path: String, tables: [String])
    case cannotOpen(path: String, reason: String)
    case readOnly(path: String)
    case diskFull(path: String)
    case failed(path: String, reason: String)
    /// A rollup rebuild (`--full`, or another time zone or event roles) after `db prune`: the
    /// rollups hold the only copy of the figures of the events before `rawSince`.
    case rollupsHoldPrunedEvents(path: String, rawSince: Int64, full: Bool)
    /// A `--db postgres://…` value that cannot be used as given (named without its password).
    case invalidDatabaseURL(url: String, reason: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path): not an SQLite database (file left untouched)"
        case .newerSchema(let path, let unknown):
            "\(path): created by a newer version of espice-analytics (unknown migrations: "
                + unknown.sorted().joined(separator: ", ") + "); upgrade espice-analytics (file left untouched)"
        case .originalServiceDatabase(let path):
            "\(path): this is the original analytics service's database, not an ESpice Analytics one; "
                + "take it over into a new file with `espice-analytics import \(path) --db NEW.db` (file left untouched)"
        case .foreignDatabase(let path, let tables):
            "\(path): not an ESpice Analytics database (it holds tables "
                + tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
                + "); give --db a new file or an ESpice Analytics database (file left untouched)"
        case .cannotOpen(let path, let reason):
            "\(path): cannot open database: \(reason)"
        case .readOnly(let path):
            "\(path): database is read-only; nothing was written"
        case .diskFull(let path):
            "\(path): disk full; the current batch was rolled back"
        case .failed(let path, let reason):
            "\(path): \(reason)"
        case .rollupsHoldPrunedEvents(let path, let rawSince, let full):
            "\(path): raw events before \(Timestamp.iso8601(rawSince)) were pruned (db prune) and live on only in the rollups, "
                + (full ? "so --full cannot rebuild them" : "so they cannot be rebuilt for another time_zone or event roles (the config changed)")
                + "; nothing was changed (restore a copy from before the prune to rebuild)"
        case .invalidDatabaseURL(let url, let reason):
            "\(url): \(reason)"
        }
    }
}
