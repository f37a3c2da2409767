/// What can go wrong in the store, worded for the person running the command: each names the
/// database path.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case notADatabase(path: String)
    case newerSchema(path: String, unknownMigrations: [String])
    case cannotOpen(path: String, reason: String)
    case readOnly(path: String)
    case diskFull(path: String)
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path): not an SQLite database (file left untouched)"
        case .newerSchema(let path, let unknown):
            "\(path): created by a newer version of espice-analytics (unknown migrations: "
                + unknown.sorted().joined(separator: ", ") + "); upgrade espice-analytics (file left untouched)"
        case .cannotOpen(let path, let reason):
            "\(path): cannot open database: \(reason)"
        case .readOnly(let path):
            "\(path): database is read-only; nothing was written"
        case .diskFull(let path):
            "\(path): disk full; the current batch was rolled back"
        case .failed(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
