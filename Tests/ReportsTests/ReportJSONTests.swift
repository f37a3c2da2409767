import Foundation
import Model
import Reports
import Testing

/// A long user_activity list is written straight into the bytes (not through JSONEncoder): the
/// result must be exactly what JSONEncoder writes for the whole document.
@Suite("Report JSON")
struct ReportJSONTests {
    /// User ids that need escaping, or that look like the spot the rows are spliced into.
    static let awkward = [
        "quote\"inside", "back\\slash", "path/with/slashes", "tab\there", "new\nline", "bell\u{07}", "nul\u{01}x", "del\u{7F}",
        "山田太郎", "Jürgen Groß", "emoji 🚀", "\"user_activity\":[]", ",\"user_activity\":[]", "\n    \"user_activity\" : [\n\n    ]",
    ]

    @Test("a user_activity report with thousands of user-days encodes to the same bytes as JSONEncoder", arguments: [true, false])
    func splicedRowsMatchTheEncoder(pretty: Bool) throws {
        let fixture = try ReportFixture()
        var events: [TrackedEvent] = []
        let users = (0..<1_200).map { "user-\($0)" } + Self.awkward
        for (index, user) in users.enumerated() {
            events.append(ReportFixture.other("login", "2026-11-26T\(10 + index % 10):00:00Z", user: user))
            events.append(ReportFixture.other("\"user_activity\":[]", "2026-11-27T09:30:00Z", user: user))
            if index % 3 == 0 { events.append(ReportFixture.other("login", "2026-11-27T11:00:00Z", user: user)) }
        }
        try fixture.add(events)
        _ = try fixture.engine.refresh()
        let document = try fixture.engine.generate(
            ReportRequest(type: .userActivity, range: .days(7), asOf: ReportFixture.time("2026-11-28T00:00:00Z")), generatedAt: 0)
        let fast = try document.json(pretty: pretty)
        let reference = try document.encoderJSON(pretty: pretty)
        #expect(fast == reference)
        let file = fixture.directory.appendingPathComponent("report.json")
        try document.writeJSON(pretty: pretty, to: file)
        #expect(try Data(contentsOf: file) == reference)
        // Each user is active on both days: 2 rows per user.
        let object = try #require(try JSONSerialization.jsonObject(with: fast) as? [String: Any])
        let rows = try #require((object["data"] as? [String: Any])?["user_activity"] as? [[String: Any]])
        #expect(rows.count == users.count * 2)
        #expect(rows.contains { $0["user_id"] as? String == "new\nline" })
    }
}
