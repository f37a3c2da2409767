import Testing
@testable import Model

/// ``EventDecoder/sortTime(_:receivedAt:)``: the time a large import sorts a line by before it
/// decodes it. Expected times are worked out by hand from ``Instants/example``
/// (2026-11-28T09:15:00Z = 1,795,857,300,000 ms), and for whole events checked against the decoder.
@Suite("sort times read without decoding")
struct SortTimeTests {
    static let base = Instants.example
    static let receivedAt = base + 3_600_000

    static func sortTime(_ line: String) -> Int64? {
        var copy = line
        return copy.withUTF8 { EventDecoder().sortTime($0, receivedAt: receivedAt) }
    }

    @Test("the top-level timestamp, in every form, is the time", arguments: [
        (#"{"event_type":"x","timestamp":"2026-11-28T09:15:00Z"}"#, base),
        (#"{"timestamp":"2026-11-28T14:45:00.250+05:30","event_type":"x"}"#, base + 250),
        (#"{"event_type":"x","timestamp":1795857300}"#, base),  // epoch seconds
        (#"{"event_type":"x","timestamp":1795857300.5}"#, base + 500),
        (#"{"event_type":"x","timestamp":1795857300123}"#, base + 123),  // epoch milliseconds
        (#"{"event_type":"x","time\u0073tamp":"2026-11-28T09:15:00Z"}"#, base),  // an escaped key
        (#"{"event_type":"x","timestamp":"2026\u002d11-28T09:15:00Z"}"#, base),  // an escaped value
        // Only the top level counts: event_data's own timestamp is data.
        (#"{"event_type":"x","event_data":{"timestamp":"2020-01-01T00:00:00Z","a":[{"timestamp":1}]},"timestamp":"2026-11-28T09:15:00Z"}"#, base),
        // Written twice: the last one, as the decoder reads it.
        (#"{"timestamp":"2020-01-01T00:00:00Z","event_type":"x","timestamp":"2026-11-28T09:15:00Z"}"#, base),
        // None, or null: the time the import began.
        (#"{"event_type":"x","event_data":{"timestamp":"2020-01-01T00:00:00Z"}}"#, receivedAt),
        (#"{"event_type":"x","timestamp":null}"#, receivedAt),
        // Broken rules elsewhere do not stop the time being read (the decode refuses the line).
        (#"{"event_type":5,"timestamp":"2026-11-28T09:15:00Z"}"#, base),
        (#"  {"timestamp":"2026-11-28T09:15:00Z"}  "#, base),
    ] as [(String, Int64)])
    func time(line: String, expected: Int64) {
        #expect(Self.sortTime(line) == expected)
    }

    @Test("no time for what is not an object or has a timestamp the rules refuse", arguments: [
        #"[1, 2]"#,
        #""2026-11-28T09:15:00Z""#,
        #"{"event_type":"x","timestamp":"yesterday"}"#,
        #"{"event_type":"x","timestamp":true}"#,
        #"{"event_type":"x","timestamp":[1795857300]}"#,
        #"{"event_type":"x","timestamp":1e400}"#,
        #"{"event_type":"x","timestamp":"2026-11-28T09:15:00Z""#,  // unterminated
        #"{"event_type":"x"} {"#,  // more after the object
        #"{"event_type":"x","event_data":{"a":tru}}"#,  // malformed anywhere
        "",
    ])
    func noTime(line: String) {
        #expect(Self.sortTime(line) == nil)
    }

    @Test("for every event the decoder accepts, the sort time is the event's time")
    func agreesWithDecoder() throws {
        // Times in each form over a day, with fields around them in varying order and nesting.
        var lines: [String] = []
        for index in 0..<500 {
            let ms = Self.base - Int64(index) * 172_837
            let timestamp: String
            switch index % 4 {
            case 0: timestamp = "\(ms)"
            case 1: timestamp = "\(ms / 1_000)"
            case 2: timestamp = "\"\(Timestamp.iso8601(ms))\""
            default: timestamp = "null"
            }
            let data = #"{"timestamp":\#(index),"nested":{"timestamp":"x","list":[1,"two",{"timestamp":3}]},"processing_time_ms":\#(index)}"#
            lines.append(
                index % 2 == 0
                    ? #"{"event_type":"e\#(index)","event_data":\#(data),"timestamp":\#(timestamp),"user_id":"u"}"#
                    : #"{"timestamp":\#(timestamp),"extra":{"timestamp":1},"event_type":"e\#(index)","event_data":\#(data)}"#)
        }
        for line in lines {
            let event = try EventDecoder().decode(line, receivedAt: Self.receivedAt)
            #expect(Self.sortTime(line) == event.timestamp, "\(line)")
        }
    }
}
