extension EventDecoder {
    /// Decodes one row of the original service's `analytics_events` table (SPEC §2, and
    /// `original-database.md`): nil is SQL NULL. `timestamp` is required there (SQLite's
    /// `CURRENT_TIMESTAMP`, UTC text `YYYY-MM-DD HH:MM:SS`); `event_data` is Python's
    /// `json.dumps`, whose `NaN`, `Infinity` and `-Infinity` are stored as `null`
    /// (``NonFiniteNumbers``), so those values count as non-numeric and the event is kept;
    /// `nonFiniteValues` is increased by how many there were.
    public func decodeOriginalRow(
        eventType: String?, timestamp: String?, serviceName: String?, userId: String?, eventData: String?,
        receivedAt: Int64, nonFiniteValues: inout Int
    ) throws(EventValidationError) -> TrackedEvent {
        var parts = EventParts()
        parts.eventType = eventType.map { .string($0) }
        parts.serviceName = serviceName.map { .string($0) }
        parts.userId = userId.map { .string($0) }
        guard let timestamp, !timestamp.isEmpty else {
            throw EventValidationError(field: "timestamp", message: "is missing (NULL)")
        }
        guard let time = Timestamp.parse(timestamp) else {
            throw EventValidationError(field: "timestamp", message: "not a date-time: \"\(timestamp)\"")
        }
        parts.timestamp = .time(time)
        if let eventData, !eventData.trimmingASCIIWhitespace.isEmpty {
            let (text, replaced) = NonFiniteNumbers.nullified(eventData)
            parts.eventData = try Self.eventData(text)
            nonFiniteValues += replaced
        }
        return try parts.validated(receivedAt: receivedAt)
    }
}
