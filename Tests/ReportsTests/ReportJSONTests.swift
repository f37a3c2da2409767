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

    @Test(
        "a user_activity report with thousands of user-days and users encodes to the same bytes as JSONEncoder",
        arguments: [true, false])
    func splicedRowsMatchTheEncoder(pretty: Bool) throws {
        let fixture = try ReportFixture()
        var events: [TrackedEvent] = []
        // The last user's id is longer than the writer's 256 KiB buffer.
        let users = (0..<1_200).map { "user-\($0)" } + Self.awkward + [String(repeating: "long/\"id\"", count: 30_000)]
        for (index, user) in users.enumerated() {
            events.append(ReportFixture.other("login", "2026-11-26T\(10 + index % 10):00:00Z", user: user))
            events.append(ReportFixture.other("\"user_activity\":[]", "2026-11-27T09:30:00Z", user: user))
            if index % 3 == 0 { events.append(ReportFixture.other("login", "2026-11-27T11:00:00Z", user: user)) }
            // Milliseconds in first_seen and last_seen: .5 → ".500", .042 → ".042".
            if index % 5 == 0 { events.append(ReportFixture.other("login", "2026-11-26T08:15:07.5Z", user: user)) }
            if index % 7 == 0 { events.append(ReportFixture.other("login", "2026-11-27T23:59:59.042Z", user: user)) }
        }
        // A four-digit count: 1,234 more events of user-7 on 2026-11-26.
        for second in 0..<1_234 {
            events.append(ReportFixture.other("click", "2026-11-26T20:\(second / 60 < 10 ? "0" : "")\(second / 60):\(second % 60 < 10 ? "0" : "")\(second % 60)Z", user: "user-7"))
        }
        try fixture.add(events)
        _ = try fixture.engine.refresh()
        let document = try fixture.engine.generate(
            ReportRequest(type: .userActivity, range: .days(7), asOf: ReportFixture.time("2026-11-28T00:00:00Z")), generatedAt: 0)
        let fast = try document.json(pretty: pretty)
        let reference = try document.encoderJSON(pretty: pretty)
        // Where the bytes first differ (nil: equal) — a megabyte-long Data in a failed
        // expectation would take the test runner ages to print.
        #expect(Self.firstDifference(fast, reference) == nil)
        // Written over a file already there: replaced whole, no temporary file left beside it.
        let file = fixture.directory.appendingPathComponent("report.json")
        try Data("an older report".utf8).write(to: file)
        try document.writeJSON(pretty: pretty, to: file)
        #expect(Self.firstDifference(try Data(contentsOf: file), reference) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path).filter { $0.hasSuffix(".tmp") } == [])
        // Each user is active on both days: 2 rows per user.
        let object = try #require(try JSONSerialization.jsonObject(with: fast) as? [String: Any])
        let rows = try #require((object["data"] as? [String: Any])?["user_activity"] as? [[String: Any]])
        #expect(rows.count == users.count * 2)
        #expect(rows.contains { $0["user_id"] as? String == "new\nline" })
        #expect(rows.contains { $0["user_id"] as? String == "user-7" && $0["date"] as? String == "2026-11-26" && $0["activity_count"] as? Int == 1_235 })
        // The users list, written beside the rows: user-0 has events at 08:15:07.5 on the 26th
        // and 23:59:59.042 on the 27th; user-7 is the busiest (1,235 on the 26th, 09:30 and 23:59:59.042 on the 27th).
        let summaries = try #require((object["data"] as? [String: Any])?["users"] as? [[String: Any]])
        #expect(summaries.count == users.count)
        let zero = try #require(summaries.first { $0["user_id"] as? String == "user-0" })
        #expect(zero["first_seen"] as? String == "2026-11-26T08:15:07.500Z" && zero["last_seen"] as? String == "2026-11-27T23:59:59.042Z")
        #expect(summaries.first?["user_id"] as? String == "user-7" && summaries.first?["activity_count"] as? Int == 1_237)
    }

    static func firstDifference(_ lhs: Data, _ rhs: Data) -> Int? {
        if let index = zip(lhs, rhs).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { return index }
        return lhs.count == rhs.count ? nil : min(lhs.count, rhs.count)
    }

    @Test("the user_activity list encodes and decodes as the plain array of its rows")
    func userDayListCodesAsAnArray() throws {
        let rows = [
            UserDayActivity(userId: "b", date: "2026-11-26", activityCount: 3), UserDayActivity(userId: "a", date: "2026-11-26", activityCount: 3),
            UserDayActivity(userId: "b", date: "2026-11-27", activityCount: 12_345_678_901), UserDayActivity(userId: "山田", date: "2026-11-27", activityCount: 1),
        ]
        let list = UserDayList(rows)
        #expect(Array(list) == rows)
        #expect(list.count == 4 && list[2].activityCount == 12_345_678_901)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(list) == (try encoder.encode(rows)))
        let decoded = try JSONDecoder().decode(UserDayList.self, from: try encoder.encode(rows))
        #expect(decoded == list && decoded.hashValue == list.hashValue)
        #expect(UserDayList([]) == [] && UserDayList(rows.dropLast()) != list)
    }

    @Test("a decoded user_activity list keeps ids that only Unicode normalisation tells apart as two users")
    func userDayListKeepsEquivalentIdsApart() throws {
        let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")
        let rows = [
            UserDayActivity(userId: composed, date: "2026-11-26", activityCount: 3),
            UserDayActivity(userId: decomposed, date: "2026-11-26", activityCount: 2),
            UserDayActivity(userId: decomposed, date: "2026-11-27", activityCount: 1),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for list in [UserDayList(rows), try JSONDecoder().decode(UserDayList.self, from: try encoder.encode(rows))] {
            #expect(list.map { Array($0.userId.utf8) } == rows.map { Array($0.userId.utf8) })
            #expect(try encoder.encode(list) == (try encoder.encode(rows)))
        }
        #expect(UTF8Key(composed) != UTF8Key(decomposed) && composed == decomposed)
        #expect(Set([UTF8Key(composed), UTF8Key(decomposed), UTF8Key("caf\u{E9}")]).count == 2)
    }
}
