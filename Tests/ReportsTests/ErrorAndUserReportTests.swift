import Foundation
import Model
import Reports
import Testing

@Suite("Error analysis and user activity reports")
struct ErrorAndUserReportTests {
    /// Service a: 30 processed, 0 errors. Service b: 10 processed, 10 errors (6 timeouts, 4 OCR).
    /// Overall rate 10 / 50 = 20 %; b's rate 10 / 20 = 50 % → lift 2.5 (listed); a's lift 0.
    static func errorEvents() -> [TrackedEvent] {
        var events: [TrackedEvent] = []
        for minute in 0..<30 {
            events.append(ReportFixture.processed("2026-11-25T10:\(String(format: "%02d", minute)):00Z", service: "a", ms: 100))
        }
        for minute in 0..<10 {
            events.append(ReportFixture.processed("2026-11-25T10:\(String(format: "%02d", 30 + minute)):00Z", service: "b", ms: 100))
        }
        for index in 0..<6 {
            events.append(
                ReportFixture.failed(
                    "2026-11-25T10:4\(index):00Z", service: "b", type: "timeout",
                    message: "Timed out after \(30000 + index) ms (job 3f2a9c1d7e\(index))"))
        }
        for index in 0..<4 {
            events.append(
                ReportFixture.failed("2026-11-25T10:5\(index):00Z", service: "b", type: "ocr_failure", message: "page \(index + 1) unreadable"))
        }
        return events
    }

    @Test("patterns, rates by service and root causes with lift", arguments: Backend.allCases)
    func errorAnalysis(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.errorEvents())
        let data = try fixture.data(.errorAnalysis, .days(7), asOf: "2026-11-28T00:00:00Z")
        #expect(data["total_errors"] as? Int == 10)
        let patterns = try #require(data["error_patterns"] as? [[String: Any]])
        #expect(patterns.map { "\($0["error_type"]!) \($0["service"]!) \($0["count"]!)" } == ["timeout b 6", "ocr_failure b 4"])
        #expect((data["most_common_error"] as? [String: Any])?["error_type"] as? String == "timeout")
        let rates = try #require(data["error_rate_by_service"] as? [[String: Any]])
        #expect(rates.map { $0["service_name"] as? String } == ["b", "a"])
        #expect(rates[0]["error_rate"] as? Double == 50.0 && rates[1]["error_rate"] as? Double == 0.0)
        let causes = try #require(data["root_causes"] as? [[String: Any]])
        #expect(causes.count == 1)
        #expect(causes.first?["dimension"] as? String == "service" && causes.first?["value"] as? String == "b")
        #expect(causes.first?["attempts"] as? Int == 20 && causes.first?["lift"] as? Double == 2.5)
        let messages = try #require(data["top_messages"] as? [[String: Any]])
        #expect(messages.first?["message"] as? String == "Timed out after N ms (job X)")
        #expect(messages.first?["count"] as? Int == 6)
        #expect(messages.dropFirst().allSatisfy { $0["message"] as? String == "page N unreadable" })
        #expect(((data["recommendations"] as? [String]) ?? []).contains { $0.contains("timeout dominates b errors: 6 of 10") })
    }

    @Test("users, segments and new versus returning users", arguments: Backend.allCases)
    func userActivity(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        var events = [
            ReportFixture.other("login", "2026-10-01T09:00:00Z", user: "old"),  // before the window: old is returning
            ReportFixture.other("login", "2026-11-25T09:00:00Z", user: "old"),
            ReportFixture.other("page_view", "2026-11-26T09:00:00Z", user: "山田太郎"),
            ReportFixture.other("page_view", "2026-11-26T10:00:00Z"),  // no user: not an activity
        ]
        for minute in 0..<12 {  // u1: 12 events over two days → regular
            events.append(ReportFixture.other("page_view", "2026-11-2\(minute < 5 ? 4 : 5)T08:\(String(format: "%02d", minute)):00Z", user: "u1"))
        }
        try fixture.add(events)
        let data = try fixture.data(.userActivity, .days(7), asOf: "2026-11-28T00:00:00Z")
        #expect(data["active_users"] as? Int == 3)
        #expect(data["total_activities"] as? Int == 14)
        #expect(data["new_users"] as? Int == 2 && data["returning_users"] as? Int == 1)
        #expect((data["segments"] as? [String: Int]) == ["power": 0, "regular": 1, "occasional": 2])
        let users = try #require(data["users"] as? [[String: Any]])
        #expect(users.map { $0["user_id"] as? String } == ["u1", "old", "山田太郎"])
        #expect(users[0]["first_seen"] as? String == "2026-11-24T08:00:00Z" && users[0]["last_seen"] as? String == "2026-11-25T08:11:00Z")
        let daily = try #require(data["daily_active_users"] as? [[String: Any]])
        #expect(daily.map { "\($0["date"]!)=\($0["active_users"]!)" } == ["2026-11-24=1", "2026-11-25=2", "2026-11-26=1"])
        let peak = try #require((data["peak_usage"] as? [String: Any])?["peak"] as? [String: Any])
        #expect(peak["weekday_name"] as? String == "Wednesday" && peak["hour"] as? Int == 8 && peak["count"] as? Int == 7)
    }

    /// A composed é (U+00E9) and a decomposed one (e + U+0301) are two ids to SQL, which compares
    /// bytes, though Swift holds the two `String`s equal: they stay two users through the rollups
    /// (a whole day), the raw edges (the last, partial day) and an incremental refresh.
    @Test(
        "canonically equivalent user ids with other bytes are two users, as count(DISTINCT user_id) says",
        arguments: Backend.allCases)
    func equivalentIdsAreTwoUsers(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        let (composed, decomposed) = ("caf\u{E9}", "cafe\u{301}")
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        func events(_ user: String, day25: Int, day27: Int) -> [TrackedEvent] {
            (0..<day25).map { ReportFixture.other("login", "2026-11-25T0\($0):00:00Z", user: user) }
                + (0..<day27).map { ReportFixture.other("login", "2026-11-27T0\($0):30:00Z", user: user) }
        }
        try fixture.add(events(composed, day25: 3, day27: 2) + events(decomposed, day25: 2, day27: 2))
        func users(_ data: [String: Any]) throws -> [String] {
            try #require(data["users"] as? [[String: Any]]).map {
                "\(Array((($0["user_id"] as? String) ?? "").utf8))=\($0["activity_count"] as? Int ?? -1)"
            }
        }
        // The window ends at noon on the 27th: the 25th comes from the rollups, the 27th from raw events.
        var data = try fixture.data(.userActivity, .days(7), asOf: "2026-11-27T12:00:00Z")
        #expect(data["active_users"] as? Int == 2)
        #expect(data["new_users"] as? Int == 2)
        // composed 5 events first; decomposed 4.
        #expect(try users(data) == ["\(Array(composed.utf8))=5", "\(Array(decomposed.utf8))=4"])
        let rows = try #require(data["user_activity"] as? [[String: Any]])
        #expect(rows.count == 4)
        let daily = try #require(data["daily_active_users"] as? [[String: Any]])
        #expect(daily.map { "\($0["date"]!)=\($0["active_users"]!)" } == ["2026-11-25=2", "2026-11-27=2"])

        // One more event of the decomposed id on the 25th, folded incrementally: 5 each, then by bytes
        // ("e" 0x65 before "é" 0xC3).
        try fixture.add([ReportFixture.other("login", "2026-11-25T09:00:00Z", user: decomposed)])
        data = try fixture.data(.userActivity, .days(7), asOf: "2026-11-27T12:00:00Z")
        #expect(data["active_users"] as? Int == 2)
        #expect(try users(data) == ["\(Array(decomposed.utf8))=5", "\(Array(composed.utf8))=5"])
    }
}
