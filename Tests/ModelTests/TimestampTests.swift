import Foundation
import Testing
@testable import Model

/// SPEC §2: every timestamp form, each checked against a hand-computed epoch millisecond value
/// (``Instants/example`` is 2026-11-28T09:15:00Z).
@Suite("timestamps")
struct TimestampTests {
    static let base = Instants.example

    @Test("the hand-computed reference instant is right")
    func reference() {
        // date -u -d 2026-11-28T09:15:00Z +%s prints 1795857300.
        #expect(Self.base == 1_795_857_300_000)
    }

    @Test("ISO-8601 forms parse to the same instant", arguments: [
        ("2026-11-28T09:15:00Z", 0),
        ("2026-11-28t09:15:00z", 0),
        ("2026-11-28T14:45:00+05:30", 0),  // 14:45 − 5 h 30 min
        ("2026-11-28T14:45:00+0530", 0),
        ("2026-11-28T01:15:00-0800", 0),  // 01:15 + 8 h
        ("2026-11-28T01:15:00-08:00", 0),
        ("2026-11-27T23:15:00-10:00", 0),  // the day before, + 10 h
        ("2026-11-28T09:15:00.250Z", 250),
        ("2026-11-28T09:15:00.5Z", 500),
        ("2026-11-28T09:15:00.123456Z", 123),  // below a millisecond is cut
        ("2026-11-28T09:15:00,750Z", 750),
        ("2026-11-28T14:45:00.001+05:30", 1),
        ("2026-11-28T09:15:00", 0),  // no zone = UTC
        ("2026-11-28 09:15:00", 0),  // SQLite CURRENT_TIMESTAMP style
        ("2026-11-28 09:15:00.040", 40),
        ("2026-11-28T09:15Z", 0),  // seconds may be left out
    ] as [(String, Int64)])
    func iso8601(text: String, offset: Int64) throws {
        let event = try decode(#"{"event_type": "x", "timestamp": "\#(text)"}"#, receivedAt: Self.base)
        #expect(event.timestamp == Self.base + offset)
    }

    @Test("epoch numbers: seconds below 1e11 (fractions allowed), milliseconds above", arguments: [
        ("1795857300", 0),
        ("1795857300.25", 250),
        ("1795857300.0", 0),
        ("1795857300250", 250),
        ("1.795857e9", -300_000),  // 1 795 857 000 s: 300 s before the reference
    ] as [(String, Int64)])
    func epoch(number: String, offset: Int64) throws {
        let event = try decode(#"{"event_type": "x", "timestamp": \#(number)}"#, receivedAt: Self.base)
        #expect(event.timestamp == Self.base + offset)
    }

    @Test("epoch 0 is 1970-01-01T00:00:00Z")
    func epochZero() throws {
        #expect(try decode(#"{"event_type": "x", "timestamp": 0}"#).timestamp == 0)
    }

    @Test("no timestamp, or null, means the time of receipt", arguments: [
        #"{"event_type": "x"}"#, #"{"event_type": "x", "timestamp": null}"#,
    ])
    func defaultIsReceipt(json: String) throws {
        let receivedAt: Int64 = 1_700_000_000_123
        #expect(try decode(json, receivedAt: receivedAt).timestamp == receivedAt)
    }

    @Test("up to 24 h after receipt is accepted; a millisecond more is refused")
    func futureLimit() throws {
        let edge = try decode(#"{"event_type": "x", "timestamp": "2026-11-29T09:15:00Z"}"#, receivedAt: Self.base)
        #expect(edge.timestamp == Self.base + 24 * 3_600_000)
        let error = try #require(
            rejection(#"{"event_type": "x", "timestamp": "2026-11-29T09:15:00.001Z"}"#, receivedAt: Self.base))
        #expect(error.field == "timestamp")
        #expect(error.message == "more than 24 hours in the future (2026-11-29T09:15:00.001Z)")
    }

    @Test("an epoch number more than 24 h ahead is refused too")
    func futureEpoch() throws {
        let tooLate = Self.base / 1000 + 86_400 + 1
        let error = try #require(rejection(#"{"event_type": "x", "timestamp": \#(tooLate)}"#, receivedAt: Self.base))
        #expect(error.field == "timestamp")
    }

    @Test("text that is not a date-time is refused, naming timestamp", arguments: [
        "yesterday", "2026-11-28", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-28T24:00:00Z",
        "2026-11-28T09:15:00+25:00", "2026-11-28T09:15:00Zjunk", "2026-11-28T09:15:00.Z",
    ])
    func badText(text: String) throws {
        let error = try #require(rejection(#"{"event_type": "x", "timestamp": "\#(text)"}"#))
        #expect(error.field == "timestamp")
        #expect(error.message.hasPrefix("not an ISO-8601 date-time"))
    }

    @Test("a negative or huge epoch number, or a boolean, is refused", arguments: [
        (#"-5"#, "epoch number out of range: -5"),
        (#"1e300"#, "epoch number out of range: 1e300"),
        (#"true"#, "must be ISO-8601 text or epoch seconds/milliseconds, got a boolean"),
    ])
    func badNumber(value: String, message: String) throws {
        let error = try #require(rejection(#"{"event_type": "x", "timestamp": \#(value)}"#))
        #expect(error.field == "timestamp")
        #expect(error.message == message)
    }

    @Test("2024-02-29 exists (leap year), and times print back as ISO-8601 UTC")
    func leapDayAndPrinting() throws {
        // 2024-02-29: 54 years (1970…2023) × 365 + 13 leap days (1972…2020) + 31 + 28 days = 19 782.
        let days: Int64 = 54 * 365 + 13 + 31 + 28
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") == days * 86_400_000)
        #expect(Timestamp.iso8601(days * 86_400_000) == "2024-02-29T00:00:00Z")
        #expect(Timestamp.iso8601(Self.base + 7) == "2026-11-28T09:15:00.007Z")
    }

    @Test("times print as Foundation's UTC formatter prints them, before and after 1970, with and without milliseconds")
    func printingAgreesWithFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        var generator = SystemRandomNumberGenerator()
        // From 1900 to 2400, whole seconds and not; the edges of days and years by hand.
        let edges: [Int64] = [0, -1, 1, 999, 1000, 86_399_999, 86_400_000, -86_400_000, 951_782_400_000, 4_102_444_799_999]
        let random = (0..<2_000).map { _ in Int64.random(in: -2_208_988_800_000..<13_569_465_600_000, using: &generator) }
        for ms in edges + random + random.map { $0 - $0 % 1000 } {
            let (seconds, millis) = ms.floorDivided(by: 1000)
            var expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            if millis != 0 { expected += "." + String(format: "%03d", Int(millis)) }
            #expect(Timestamp.iso8601(ms) == expected + "Z", "\(ms)")
            #expect(Timestamp.parse(Timestamp.iso8601(ms)) == ms)
        }
        #expect(CivilDate(year: 987, month: 3, day: 4).description == "0987-03-04")
    }

    @Test("a leap year's February 29th exists in 2000 (divisible by 400), not in 2100")
    func centuryLeapYears() {
        #expect(Timestamp.parse("2000-02-29T00:00:00Z") != nil)
        #expect(Timestamp.parse("2100-02-29T00:00:00Z") == nil)
    }

    @Test("a timestamp string with \\u escapes is decoded before parsing")
    func escapedTimestamp() throws {
        let event = try decode(#"{"event_type": "x", "timestamp": "2026-11-28T09:15:00\u005a"}"#)
        #expect(event.timestamp == Self.base)
    }
}
