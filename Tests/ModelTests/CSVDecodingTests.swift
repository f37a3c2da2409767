import Testing
@testable import Model

/// The CSV import columns go through the same rules as JSON.
@Suite("CSV event decoding")
struct CSVDecodingTests {
    func decodeCSV(
        type: String = "x", timestamp: String = "", service: String = "", user: String = "", data: String = ""
    ) throws(EventValidationError) -> TrackedEvent {
        try EventDecoder().decode(
            eventType: type, timestamp: timestamp, serviceName: service, userId: user, eventData: data,
            receivedAt: Instants.example)
    }

    @Test("empty cells mean absent: receipt time, no service or user, event_data {}")
    func emptyCells() throws {
        let event = try decodeCSV()
        #expect(event.timestamp == Instants.example)
        #expect(event.serviceName == nil)
        #expect(event.userId == nil)
        #expect(event.eventData == "{}")
    }

    @Test("a timestamp cell holding a number is epoch seconds or milliseconds", arguments: [
        ("1795857300", 0), ("1795857300.5", 500), ("1795857300999", 999), ("2026-11-28 09:15:00", 0),
    ] as [(String, Int64)])
    func timestampCell(cell: String, offset: Int64) throws {
        #expect(try decodeCSV(timestamp: cell).timestamp == Instants.example + offset)
    }

    @Test("the event_data cell is JSON kept as written; non-objects and bad JSON name event_data")
    func eventDataCell() throws {
        let data = #"{"device_type": "IGBT", "processing_time_ms": 80}"#
        let event = try decodeCSV(data: data)
        #expect(event.eventData == data)
        #expect(event.fields.processingTimeMs == 80)

        let array = try #require(throws: EventValidationError.self) { try decodeCSV(data: "[1]") }
        #expect(array.field == "event_data")
        #expect(array.message == "must be a JSON object, got an array")

        let broken = try #require(throws: EventValidationError.self) { try decodeCSV(data: "{oops}") }
        #expect(broken.field == "event_data")
        #expect(broken.message.hasPrefix("malformed JSON"))
    }

    @Test("an empty event_type cell is refused as required")
    func emptyType() throws {
        let error = try #require(throws: EventValidationError.self) { try decodeCSV(type: "") }
        #expect(error.field == "event_type")
        #expect(error.message == "is required")
    }
}
