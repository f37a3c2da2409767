/// How far an incremental reader of PostgreSQL's events has got (see
/// ``PostgresEventStore/committedEvents(after:limit:)``): every event committed in a transaction
/// that `seen` — a PostgreSQL snapshot, `xmin:xmax:xip,…` — shows has been returned, and none
/// other. Events are told apart by their writing transaction, not by id: ids are taken before
/// commit, so they commit out of order and a watermark on id would skip rows.
///
/// While a backlog is read in pages, `target` is the snapshot being caught up to and
/// (`afterTransaction`, `afterId`) the last event returned from it. Store it (it is Codable)
/// beside whatever was folded from the events, in the same transaction.
public struct PostgresEventCursor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The snapshot whose events have all been returned.
    public internal(set) var seen: String
    /// The snapshot of a read that stopped at its page limit; nil when caught up with `seen`.
    public internal(set) var target: String?
    /// With `target`: the transaction and id of the last event returned (order: transaction, id).
    public internal(set) var afterTransaction: UInt64
    public internal(set) var afterId: Int64

    /// Before the first read: no transaction seen (PostgreSQL's snapshot `1:1:` shows none).
    public static let start = PostgresEventCursor(seen: "1:1:", target: nil, afterTransaction: 0, afterId: 0)

    /// True while a read stopped at its page limit and more of the same snapshot remains.
    public var isPaging: Bool { target != nil }

    public var description: String {
        target.map { "\(seen) → \($0) after \(afterTransaction)/\(afterId)" } ?? seen
    }
}

/// Events returned by one incremental read, and the cursor to read on from.
public struct PostgresCommittedEvents: Sendable {
    /// In (transaction, id) order.
    public var events: [StoredEvent]
    public var cursor: PostgresEventCursor
}
