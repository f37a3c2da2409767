/// What `db info` shows.
public struct DatabaseInfo: Sendable, Hashable, Codable {
    public var path: String
    public var eventCount: Int
    /// Earliest and latest event time, UTC epoch milliseconds.
    public var firstEvent: Int64?
    public var lastEvent: Int64?
    public var sizeBytes: Int64
    public var schemaVersion: Int
    public var migrations: [String]
    public var journalMode: String
    /// After `db prune`: raw events before this instant are gone (UTC epoch ms); `firstEvent`
    /// is then the earliest event ever stored, which the rollups still count.
    public var rawEventsSince: Int64?
    public var prunedEvents: Int?

    enum CodingKeys: String, CodingKey {
        case path
        case eventCount = "event_count"
        case firstEvent = "first_event"
        case lastEvent = "last_event"
        case sizeBytes = "size_bytes"
        case schemaVersion = "schema_version"
        case migrations
        case journalMode = "journal_mode"
        case rawEventsSince = "raw_events_since"
        case prunedEvents = "pruned_events"
    }
}
