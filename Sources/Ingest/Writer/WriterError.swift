/// Why the writer did not store a submission. Each maps to an HTTP 503: the client may retry.
public enum WriterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The queue holds as many events (or bytes) as it may; retry after a moment.
    case saturated
    /// The daemon is shutting down and accepts nothing new.
    case shuttingDown
    /// The transaction failed (disk full, read-only, I/O error); nothing of it was stored.
    case storeFailed(String)

    public var description: String {
        switch self {
        case .saturated: "the writer queue is full; retry shortly"
        case .shuttingDown: "the daemon is shutting down; retry against the next instance"
        case .storeFailed(let reason): "the database cannot be written: \(reason)"
        }
    }
}
