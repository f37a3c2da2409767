import Testing
@testable import Model

/// SPEC §2: `event_type` is required, a string of 1–128 characters of `[A-Za-z0-9_.:-]`.
@Suite("event_type rules")
struct EventTypeRuleTests {
    @Test("a missing event_type is refused as required")
    func missing() throws {
        let error = try #require(rejection(#"{"service_name": "pdf-service"}"#))
        #expect(error.field == "event_type")
        #expect(error.message == "is required")
        #expect(!error.isMalformed)
    }

    @Test("a null event_type is refused as required")
    func null() throws {
        let error = try #require(rejection(#"{"event_type": null}"#))
        #expect(error.field == "event_type")
        #expect(error.message == "is required")
    }

    @Test("an event_type that is not a string names the JSON type it got", arguments: [
        (#"{"event_type": 42}"#, "a number"),
        (#"{"event_type": true}"#, "a boolean"),
        (#"{"event_type": ["x"]}"#, "an array"),
        (#"{"event_type": {"x": 1}}"#, "an object"),
    ])
    func wrongType(json: String, kind: String) throws {
        let error = try #require(rejection(json))
        #expect(error.field == "event_type")
        #expect(error.message == "must be a string, got \(kind)")
        #expect(error.description == "event_type: must be a string, got \(kind)")
    }

    @Test("an empty event_type is refused")
    func empty() throws {
        let error = try #require(rejection(#"{"event_type": ""}"#))
        #expect(error.field == "event_type")
        #expect(error.message == "must not be empty")
    }

    @Test("an event_type of 1 or 128 characters is accepted, 129 is refused")
    func length() throws {
        #expect(try decode(#"{"event_type": "x"}"#).eventType == "x")
        let longest = repeated("a", 128)
        #expect(try decode(#"{"event_type": "\#(longest)"}"#).eventType.count == 128)
        let error = try #require(rejection(#"{"event_type": "\#(repeated("a", 129))"}"#))
        #expect(error.field == "event_type")
        #expect(error.message == "longer than 128 characters")
    }

    @Test("every allowed character class passes")
    func allowedCharacters() throws {
        let type = "Doc_processed.v2:EU-west9"
        #expect(try decode(#"{"event_type": "\#(type)"}"#).eventType == type)
    }

    @Test("a character outside [A-Za-z0-9_.:-] is refused", arguments: [
        "document processed", "docs/processed", "événement", "a+b", "tab\\there", "emoji🙂",
    ])
    func forbiddenCharacters(type: String) throws {
        let error = try #require(rejection(#"{"event_type": "\#(type)"}"#))
        #expect(error.field == "event_type")
        #expect(error.message.hasPrefix("may only contain letters, digits and _ . : -"))
    }

    @Test("top-level keys written with \\u escapes are still recognised")
    func escapedKeys() throws {
        let event = try decode(#"{"event\u005ftype": "x", "user\u005Fid": "u-1", "times\u0074amp": 0}"#)
        #expect(event.eventType == "x")
        #expect(event.userId == "u-1")
        #expect(event.timestamp == 0)
    }
}
