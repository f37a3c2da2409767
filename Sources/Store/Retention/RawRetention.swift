/// What `db prune` left: raw events before ``rawSince`` are gone, their figures kept only in the
/// rollups (docs/architecture.md, "Retention"). Nil for a database never pruned.
public struct RawRetention: Sendable, Hashable, Codable {
    /// Raw events before this instant (UTC epoch ms, a local midnight) were pruned. Events that
    /// arrive later with an older time stay until the next prune.
    public var rawSince: Int64
    /// The earliest event time ever stored: where the `all` range starts.
    public var firstEvent: Int64
    /// Raw events deleted, over every prune.
    public var prunedEvents: Int
    /// When the last prune ran (UTC epoch ms).
    public var prunedAt: Int64

    public init(rawSince: Int64, firstEvent: Int64, prunedEvents: Int, prunedAt: Int64) {
        self.rawSince = rawSince
        self.firstEvent = firstEvent
        self.prunedEvents = prunedEvents
        self.prunedAt = prunedAt
    }

    enum CodingKeys: String, CodingKey {
        case rawSince = "raw_since"
        case firstEvent = "first_event"
        case prunedEvents = "pruned_events"
        case prunedAt = "pruned_at"
    }
}

/// What one `db prune` did.
public struct PruneResult: Sendable, Hashable {
    /// Raw events deleted now (SQLite, or the builder cache).
    public var deleted: Int
    /// Events folded into the rollups first.
    public var folded: Int
    /// The state after it.
    public var retention: RawRetention?
}
