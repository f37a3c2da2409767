import Testing
@testable import Model

/// Unreadable JSON is `isMalformed` (HTTP 400), separate from a broken rule of SPEC §2 (HTTP 422).
@Suite("malformed JSON")
struct MalformedJSONTests {
    @Test("malformed documents are flagged isMalformed with a byte position", arguments: [
        #"{"event_type": "x""#,  // unterminated object
        #"{"event_type": "x",}"#,  // trailing comma
        #"{"event_type": 'x'}"#,  // single quotes
        #"{event_type: "x"}"#,  // unquoted key
        #"{"event_type": "x"} trailing"#,  // data after the value
        #"not json"#,
        #""#,  // nothing at all
        #"{"event_type": "x", "event_data": {"a": 01}}"#,  // leading zero
        #"{"event_type": "x", "event_data": {"a": "\q"}}"#,  // bad escape
        #"{"event_type": "x", "event_data": {"a": "\u12"}}"#,  // short \u escape
        #"{"event_type": "x", "event_data": [1, 2}"#,  // mismatched bracket
        #"{"event_type": "x", "event_data": {"a": tru}}"#,  // bad literal
    ])
    func malformed(json: String) throws {
        let error = try #require(rejection(json))
        #expect(error.isMalformed)
        #expect(error.field == nil)
        #expect(error.message.hasPrefix("malformed JSON at byte "))
    }

    @Test("a raw control character inside a string is malformed")
    func controlCharacter() throws {
        let error = try #require(rejection("{\"event_type\": \"a\u{01}b\"}"))
        #expect(error.isMalformed)
    }

    @Test("invalid UTF-8 is malformed", arguments: [
        [0xC3, 0x28],  // a lead byte without its continuation
        [0xC0, 0xAF],  // an overlong encoding of "/"
        [0xED, 0xA0, 0x80],  // an encoded surrogate
        [0xFF],
    ] as [[UInt8]])
    func invalidUTF8(bad: [UInt8]) throws {
        let bytes = Array(#"{"event_type": "x", "user_id": ""#.utf8) + bad + Array(#""}"#.utf8)
        let error = try #require(throws: EventValidationError.self) {
            try bytes.withUnsafeBufferPointer { try EventDecoder().decode($0, receivedAt: Instants.example) }
        }
        #expect(error.isMalformed)
    }

    @Test("nesting deeper than 128 levels is malformed, not a crash")
    func deepNesting() throws {
        let deep = repeated("[", 200) + repeated("]", 200)
        let error = try #require(rejection(#"{"event_type": "x", "event_data": {"a": \#(deep)}}"#))
        #expect(error.isMalformed)
        #expect(error.message.contains("nesting deeper than 128"))
    }

    @Test("a well-formed body that is not an object is a rule error, not malformed", arguments: [
        "[1, 2]", #""event""#, "42", "null",
    ])
    func notAnObject(json: String) throws {
        let error = try #require(rejection(json))
        #expect(!error.isMalformed)
        #expect(error.message == "expected a JSON object")
    }
}
