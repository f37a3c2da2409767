import Testing
@testable import Model

/// SPEC §2: `event_data` is an optional JSON object (default `{}`), at most 64 KiB, stored
/// exactly as received.
@Suite("event_data rules")
struct EventDataRuleTests {
    @Test("absent or null event_data is stored as {}", arguments: [
        #"{"event_type": "x"}"#,
        #"{"event_type": "x", "event_data": null}"#,
    ])
    func defaultsToEmptyObject(json: String) throws {
        let event = try decode(json)
        #expect(event.eventData == "{}")
        #expect(event.fields == EventFields())
    }

    @Test("event_data that is not an object names what it got", arguments: [
        (#"[1, 2]"#, "an array"),
        (#""text""#, "a string"),
        (#"42"#, "a number"),
        (#"false"#, "a boolean"),
    ])
    func notAnObject(value: String, kind: String) throws {
        let error = try #require(rejection(#"{"event_type": "x", "event_data": \#(value)}"#))
        #expect(error.field == "event_data")
        #expect(error.message == "must be a JSON object, got \(kind)")
        #expect(!error.isMalformed)
    }

    @Test("event_data of exactly 64 KiB is accepted, one byte more is refused")
    func sizeLimit() throws {
        // `{"k":"` + filler + `"}` is 8 bytes of syntax around the filler.
        let limit = 64 * 1024
        let atLimit = #"{"k":""# + repeated("a", limit - 8) + #""}"#
        #expect(atLimit.utf8.count == limit)
        let stored = try decode(#"{"event_type": "x", "event_data": \#(atLimit)}"#)
        #expect(stored.eventData.utf8.count == limit)

        let overLimit = #"{"k":""# + repeated("a", limit - 7) + #""}"#
        let error = try #require(rejection(#"{"event_type": "x", "event_data": \#(overLimit)}"#))
        #expect(error.field == "event_data")
        #expect(error.message == "larger than 64 KiB (65537 bytes)")
    }

    @Test("event_data is stored byte for byte: whitespace, key order and \\u escapes kept")
    func storedAsReceived() throws {
        let data = #"{ "zeta" :1,  "alpha":"caf\u00e9 \ud83d\ude00", "nested" : {"b":[1, 2.50, null]} ,"device_type":"GaN-HEMT"}"#
        let event = try decode(#"{"event_type":"document_processed","event_data":\#(data)}"#)
        #expect(event.eventData == data)
        #expect(event.fields.deviceType == "GaN-HEMT")
    }

    @Test("the well-known fields are lifted into typed fields")
    func wellKnownFields() throws {
        let event = try decode(#"""
            {"event_type": "processing_error", "event_data": {"device_type": "SiC-MOSFET",
             "processing_time_ms": 1500, "file_size_mb": 2.5, "error_type": "timeout",
             "error_message": "Timed out after 30000 ms", "service": "ocr-service",
             "model_complexity": "advanced", "parameters_extracted": 31}}
            """#)
        #expect(event.fields == EventFields(
            deviceType: "SiC-MOSFET", processingTimeMs: 1500, fileSizeMb: 2.5, errorType: "timeout",
            errorMessage: "Timed out after 30000 ms", service: "ocr-service", modelComplexity: "advanced",
            parametersExtracted: 31))
    }

    @Test("a well-known field of the wrong JSON type is ignored and the event still counts", arguments: [
        #"{"processing_time_ms": "fast"}"#,
        #"{"processing_time_ms": null}"#,
        #"{"processing_time_ms": [1500]}"#,
        #"{"processing_time_ms": {"value": 1500}}"#,
        #"{"processing_time_ms": true}"#,
    ])
    func wrongTypedMetricIgnored(data: String) throws {
        let event = try decode(#"{"event_type": "document_processed", "event_data": \#(data)}"#)
        #expect(event.eventType == "document_processed")
        #expect(event.fields.processingTimeMs == nil)
        #expect(event.eventData == data)
    }

    @Test("a text field given a number is ignored, the numbers beside it are kept")
    func wrongTypedTextIgnored() throws {
        let event = try decode(#"{"event_type": "x", "event_data": {"device_type": 7, "file_size_mb": 12}}"#)
        #expect(event.fields.deviceType == nil)
        #expect(event.fields.fileSizeMb == 12)
    }

    @Test("a key spelt with \\u escapes still matches its well-known field")
    func escapedKeyMatches() throws {
        let event = try decode(#"{"event_type": "x", "event_data": {"device\u005ftype": "IGBT"}}"#)
        #expect(event.fields.deviceType == "IGBT")
    }

    @Test("escapes in a well-known string value are decoded")
    func escapedValueDecoded() throws {
        let event = try decode(#"{"event_type": "x", "event_data": {"error_message": "line\n\"two\" \u00e9"}}"#)
        #expect(event.fields.errorMessage == "line\n\"two\" é")
    }
}

/// The writer the demo builds its event_data with.
@Suite("JSON object writer")
struct JSONObjectWriterTests {
    @Test("keys and values are written in order, with JSON escapes where needed")
    func writes() {
        let text = JSONObjectWriter().string("a", "plain").string("q", "say \"hi\"\n\\").number("n", 2.5)
            .number("i", 1500).number("bad", .nan).string("ctl", "\u{01}é").finish()
        #expect(text == #"{"a":"plain","q":"say \"hi\"\n\\","n":2.5,"i":1500,"bad":null,"ctl":"\u0001é"}"#)
    }

    @Test("an empty writer gives {} and its output is valid event_data")
    func empty() throws {
        #expect(JSONObjectWriter().finish() == "{}")
        let data = JSONObjectWriter().string("error_message", "a \"quoted\" line\n").finish()
        let event = try decode(#"{"event_type": "x", "event_data": \#(data)}"#)
        #expect(event.fields.errorMessage == "a \"quoted\" line\n")
    }
}

/// Numbers are read without a detour through String where that is exact.
@Suite("JSON numbers")
struct JSONNumberTests {
    @Test("numbers in event_data read as the nearest Double, like Double(String)", arguments: [
        "0", "-0", "1500", "2.5", "0.1", "-12.75", "123456789012345", "1234567890123456789", "0.000001",
        "3.141592653589793", "1e3", "2.5E-3", "-1.5e+2", "99999999999999.99", "0.30000000000000004",
    ])
    func matchesStandardLibrary(text: String) throws {
        let event = try decode(#"{"event_type": "x", "event_data": {"file_size_mb": \#(text)}}"#)
        #expect(event.fields.fileSizeMb == Double(text))
    }

    @Test("a number too large for a Double is ignored for its metric")
    func tooLarge() throws {
        let event = try decode(#"{"event_type": "x", "event_data": {"file_size_mb": 1e400}}"#)
        #expect(event.fields.fileSizeMb == nil)
    }
}
