import Testing
@testable import Model

/// SPEC §2: `service_name` ≤ 128 characters, `user_id` ≤ 256, any Unicode, both optional strings.
/// Characters are counted as Unicode scalars.
@Suite("service_name and user_id rules")
struct OptionalFieldRuleTests {
    @Test("service_name and user_id are optional; null is the same as absent")
    func optional() throws {
        let absent = try decode(#"{"event_type": "x"}"#)
        #expect(absent.serviceName == nil)
        #expect(absent.userId == nil)
        let null = try decode(#"{"event_type": "x", "service_name": null, "user_id": null}"#)
        #expect(null.serviceName == nil)
        #expect(null.userId == nil)
    }

    @Test("service_name of 128 scalars is accepted even when they take 256 bytes; 129 is refused")
    func serviceNameLength() throws {
        let longest = repeated("é", 128)  // U+00E9: one scalar, two UTF-8 bytes
        #expect(longest.utf8.count == 256)
        #expect(try decode(#"{"event_type": "x", "service_name": "\#(longest)"}"#).serviceName == longest)
        let error = try #require(rejection(#"{"event_type": "x", "service_name": "\#(repeated("é", 129))"}"#))
        #expect(error.field == "service_name")
        #expect(error.message == "longer than 128 characters")
    }

    @Test("service_name counts Unicode scalars, not grapheme clusters")
    func serviceNameCountsScalars() throws {
        // "e" + COMBINING ACUTE ACCENT: one Character, two scalars; 65 of them are 130 scalars.
        let name = repeated("e\u{301}", 65)
        #expect(name.count == 65)
        let error = try #require(rejection(#"{"event_type": "x", "service_name": "\#(name)"}"#))
        #expect(error.field == "service_name")
    }

    @Test("user_id of 256 CJK characters is accepted, 257 is refused")
    func userIdLength() throws {
        let longest = repeated("山", 256)
        #expect(try decode(#"{"event_type": "x", "user_id": "\#(longest)"}"#).userId == longest)
        let error = try #require(rejection(#"{"event_type": "x", "user_id": "\#(repeated("山", 257))"}"#))
        #expect(error.field == "user_id")
        #expect(error.message == "longer than 256 characters")
    }

    @Test("user_id and service_name take any Unicode, escaped or not", arguments: [
        (#""山田太郎""#, "山田太郎"),
        (#""Jürgen Groß""#, "Jürgen Groß"),
        (#""\u0410\u043d\u043d\u0430""#, "Анна"),
        (#""\ud83d\ude00 smile""#, "😀 smile"),
    ])
    func anyUnicode(json: String, expected: String) throws {
        let event = try decode(#"{"event_type": "x", "user_id": \#(json), "service_name": \#(json)}"#)
        #expect(event.userId == expected)
        #expect(event.serviceName == expected)
    }

    @Test("a service_name or user_id of the wrong JSON type is refused, naming field and type", arguments: [
        (#"{"event_type": "x", "service_name": 5}"#, "service_name", "a number"),
        (#"{"event_type": "x", "service_name": ["a"]}"#, "service_name", "an array"),
        (#"{"event_type": "x", "user_id": 42}"#, "user_id", "a number"),
        (#"{"event_type": "x", "user_id": false}"#, "user_id", "a boolean"),
        (#"{"event_type": "x", "user_id": {"id": 1}}"#, "user_id", "an object"),
    ])
    func wrongType(json: String, field: String, kind: String) throws {
        let error = try #require(rejection(json))
        #expect(error.field == field)
        #expect(error.message == "must be a string, got \(kind)")
    }

    @Test("unknown top-level keys are ignored, as the original service did")
    func unknownKeysIgnored() throws {
        let event = try decode(#"{"extra": [1, {"a": 2}], "event_type": "x", "id": 9}"#)
        #expect(event.eventType == "x")
    }
}
