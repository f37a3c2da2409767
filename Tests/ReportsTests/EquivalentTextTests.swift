import Foundation
import Model
@testable import Reports
import Testing

/// Texts group by their UTF-8 bytes, as SQL's `GROUP BY` does: a composed é (U+00E9) and a
/// decomposed one (e + U+0301), equal as Swift `String`s, are two event types, services, device
/// types, error types and messages — in the rollups (a whole day) and in the raw edges (the last,
/// partial day) alike.
@Suite("Canonically equivalent texts")
struct EquivalentTextTests {
    static let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")

    /// One day's events: for the composed spelling 3 processed, 2 errors and 4 events of a type
    /// so named; for the decomposed one 2, 1 and 1.
    static func day(_ date: String) -> [TrackedEvent] {
        func at(_ index: Int) -> String { "\(date)T0\(index):00:00Z" }
        var events: [TrackedEvent] = []
        for (text, processed, failed, typed) in [(composed, 3, 2, 4), (decomposed, 2, 1, 1)] {
            events += (0..<processed).map { ReportFixture.processed(at($0), service: text, ms: 100, device: text) }
            events += (0..<failed).map { ReportFixture.failed(at($0), service: text, type: text, message: "\(text) failed", device: text) }
            events += (0..<typed).map { ReportFixture.other(text, at($0), user: "u\($0)") }
        }
        return events
    }

    /// `rows` as "bytes of `field`=`count`" ("nil=…" where `field` is null), in their order.
    static func counts(_ rows: Any?, _ field: String, _ count: String) throws -> [String] {
        try #require(rows as? [[String: Any]]).map { row in
            "\((row[field] as? String).map(bytes) ?? "nil")=\(row[count] as? Int ?? -1)"
        }
    }

    static func bytes(_ text: String) -> String { "\(Array(text.utf8))" }

    @Test("equivalent spellings with other bytes stay apart in every report", arguments: Backend.allCases)
    func spellingsStayApart(backend: Backend) throws {
        #expect(Self.composed == Self.decomposed && Self.bytes(Self.composed) != Self.bytes(Self.decomposed))
        let fixture = try ReportFixture(backend: backend)
        // The 25th is a whole day (rollups); the window ends at noon on the 27th (raw events).
        try fixture.add(Self.day("2026-11-25") + Self.day("2026-11-27"))
        let asOf = "2026-11-27T12:00:00Z"
        let (c, d) = (Self.bytes(Self.composed), Self.bytes(Self.decomposed))

        // Requests per service: composed 2 × (3 + 2) = 10, decomposed 2 × (2 + 1) = 6; the typed
        // events have no service (2 × 5 = 10).
        let performance = try fixture.data(.processingPerformance, .days(7), asOf: asOf)
        let services = try Self.counts(performance["service_breakdown"], "service_name", "requests")
        #expect(Set(services) == ["\(c)=10", "\(d)=6", "nil=10"])
        #expect(performance["total_processed"] as? Int == 10 && performance["total_errors"] as? Int == 6)

        let errors = try fixture.data(.errorAnalysis, .days(7), asOf: asOf)
        #expect(try Self.counts(errors["error_patterns"], "error_type", "count") == ["\(c)=4", "\(d)=2"])
        #expect(try Self.counts(errors["error_patterns"], "service", "count") == ["\(c)=4", "\(d)=2"])
        #expect(try Self.counts(errors["top_messages"], "message", "count") == [
            Self.bytes("\(Self.composed) failed") + "=4", Self.bytes("\(Self.decomposed) failed") + "=2",
        ])
        #expect(try Self.counts(errors["error_rate_by_service"], "service_name", "errors") == ["\(c)=4", "\(d)=2"])
        #expect(try Self.counts(errors["error_rate_by_service"], "service_name", "processed") == ["\(c)=6", "\(d)=4"])

        let business = try fixture.data(.businessIntelligence, .days(7), asOf: asOf)
        #expect(try Self.counts(business["processed_by_device_type"], "device_type", "count") == ["\(c)=6", "\(d)=4"])
        #expect(try Self.counts(business["feature_usage"], "event_type", "usage_count") == [
            Self.bytes("document_processed") + "=10", "\(c)=8", Self.bytes("processing_error") + "=6", "\(d)=2",
        ])
    }

    @Test("at equal counts two spellings order by code points, whichever is compared first")
    func tiesOrderByCodePoints() {
        // "e" + U+0301 (code points 101, 769) before "é" (233).
        let (c, d) = (Self.composed, Self.decomposed)
        #expect(Figures.byCount(2, [d], 2, [c]) && !Figures.byCount(2, [c], 2, [d]))
        #expect(Figures.byCount(2, [nil, d], 2, [nil, c]) && !Figures.byCount(2, [nil, c], 2, [nil, d]))
        #expect(!Figures.byCount(2, [c], 2, [c]))
    }

    @Test("an event role names its type by bytes")
    func rolesCompareBytes() {
        let roles = EventRoles(processed: [Self.composed], error: ["error"], modelGenerated: [])
        #expect(roles.role(of: Self.composed) == .processed)
        #expect(roles.role(of: Self.decomposed) == .other)
        #expect(roles.role(of: "error") == .error && roles.role(of: "errors") == .other)
    }

    @Test("byte keys: equal and hashed alike exactly when the bytes are")
    func byteKeys() {
        #expect(UTF8Key.same(Self.composed, Self.composed) && !UTF8Key.same(Self.composed, Self.decomposed))
        #expect(UTF8Key.same(nil as String?, nil) && !UTF8Key.same(nil, "") && !UTF8Key.same("", nil))
        let keys: [String?] = [nil, "", Self.composed, Self.decomposed, "caf", "e\u{301}", "ab", "a"]
        var seen = Set<UTF8Key?>()
        for key in keys { seen.insert(key.map(UTF8Key.init)) }
        #expect(seen.count == keys.count)
        // A long (heap) text and one made from the same bytes elsewhere are one key.
        let long = String(repeating: Self.decomposed, count: 20)
        let rebuilt = String(decoding: Array(long.utf8), as: UTF8.self)
        #expect(Set([UTF8Key(long), UTF8Key(rebuilt)]).count == 1)
    }
}
