import Foundation
import Testing
@testable import Model

/// The original service's `event_data` is Python's `json.dumps`, which writes NaN, Infinity and
/// -Infinity as bare words; a takeover stores them as null.
@Suite("Python's non-finite numbers")
struct NonFiniteNumbersTests {
    @Test("bare NaN, Infinity and -Infinity become null, wherever they stand", arguments: [
        (#"{"a": NaN}"#, #"{"a": null}"#, 1),
        (#"{"a": Infinity, "b": -Infinity}"#, #"{"a": null, "b": null}"#, 2),
        (#"{"list": [NaN,Infinity,-Infinity, 1.5]}"#, #"{"list": [null,null,null, 1.5]}"#, 3),
        (#"{"deep": {"x": {"y": -Infinity}}}"#, #"{"deep": {"x": {"y": null}}}"#, 1),
    ])
    func replaced(input: String, expected: String, count: Int) {
        let result = NonFiniteNumbers.nullified(input)
        #expect(result.text == expected)
        #expect(result.replaced == count)
        // What comes out is strict JSON: Foundation's parser accepts it.
        #expect((try? JSONSerialization.jsonObject(with: Data(result.text.utf8))) != nil)
    }

    @Test("the words inside strings, keys and longer names are left alone", arguments: [
        #"{"NaN": "Infinity"}"#,
        #"{"msg": "value was NaN, then -Infinity \" NaN"}"#,
        #"{"a": "\\", "b": "NaN"}"#,
        #"{"Infinity_count": 3, "x": 1e5}"#,
        #"{"device": "GaN-HEMT"}"#,
    ])
    func untouched(input: String) {
        let result = NonFiniteNumbers.nullified(input)
        #expect(result.text == input)
        #expect(result.replaced == 0)
    }

    @Test("a takeover row with NaN processing time is kept, the value counting as non-numeric")
    func originalRow() throws {
        var nonFinite = 0
        let event = try EventDecoder().decodeOriginalRow(
            eventType: "document_processed", timestamp: "2026-11-28 09:15:00", serviceName: nil, userId: nil,
            eventData: #"{"device_type": "GaN-HEMT", "processing_time_ms": NaN, "file_size_mb": Infinity}"#,
            receivedAt: Timestamp.parse("2026-12-01T00:00:00Z")!, nonFiniteValues: &nonFinite)
        #expect(nonFinite == 2)
        #expect(event.fields.processingTimeMs == nil)
        #expect(event.fields.fileSizeMb == nil)
        #expect(event.fields.deviceType == "GaN-HEMT")
        #expect(event.eventData == #"{"device_type": "GaN-HEMT", "processing_time_ms": null, "file_size_mb": null}"#)
        // The original's CURRENT_TIMESTAMP text is UTC.
        #expect(event.timestamp == Timestamp.parse("2026-11-28T09:15:00Z"))
    }

    @Test("a takeover row without a timestamp is refused, naming the field")
    func missingTimestamp() {
        var nonFinite = 0
        #expect(throws: EventValidationError(field: "timestamp", message: "is missing (NULL)")) {
            try EventDecoder().decodeOriginalRow(
                eventType: "login", timestamp: nil, serviceName: nil, userId: nil, eventData: nil, receivedAt: 0,
                nonFiniteValues: &nonFinite)
        }
    }
}
