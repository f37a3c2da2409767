import Foundation
import Model
@testable import Reports
@testable import Store
import Testing

/// A window read for its users' totals alone (``RollupFamilies/userTotals``, what business
/// intelligence ranks its top users by) holds no day rows, and the same totals as a count of the
/// raw events.
@Suite("Users' totals without their day rows")
struct UserTotalsWindowTests {
    /// Events of `users` users over `days` days before the as-of, at random times: a user's
    /// first and last events fall on whole days and on the partial days at the window's edges.
    static func events(users: Int, count: Int, days: Int, asOf: Int64, seed: UInt64) -> [TrackedEvent] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let at = asOf - 1 - Int64(random.next() % UInt64(days * 86_400_000))
            // Skewed: a few users with many events (the top ten), most with one or two.
            let user = random.next() % 4 == 0 ? random.next() % 12 : random.next() % UInt64(users)
            return TrackedEvent(eventType: random.next() % 3 == 0 ? "document_processed" : "page_view", userId: "u\(user)", timestamp: at)
        }
    }

    @Test("a window's user totals alone equal each user's count, first and last event in SQL", arguments: [1, 2, 3] as [UInt64])
    func totalsAloneMatchSQL(seed: UInt64) throws {
        let fixture = try ReportFixture()
        let asOf = ReportFixture.time("2026-03-10T13:47:12Z")
        try fixture.add(Self.events(users: 300, count: 4_000, days: 20, asOf: asOf, seed: seed))
        _ = try fixture.engine.refresh()
        // 7 days ending at a partial day: whole days from the day blocks, both edges from raw events.
        let window = TimeWindow(start: asOf - 7 * 86_400_000, end: asOf)
        let settings = fixture.engine.settings
        let alone = try fixture.store.windowData(window, families: [.types, .userTotals], settings: settings)
        let full = try fixture.store.windowData(window, families: [.types, .users], settings: settings)
        #expect(alone.userDays.isEmpty)
        #expect(!full.userDays.isEmpty)

        // The reference: the raw events in the window, grouped by user by SQLite.
        var expected: [String: UserActivity] = [:]
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [
            "-separator", "|", fixture.directory.appendingPathComponent("a.db").path,
            "SELECT user_id, count(*), min(ts), max(ts) FROM events WHERE ts >= \(window.start) AND ts < \(window.end) GROUP BY user_id",
        ]
        let pipe = Pipe()
        sqlite.standardOutput = pipe
        try sqlite.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "|").map(String.init)
            expected[fields[0]] = UserActivity(events: Int64(fields[1])!, first: Int64(fields[2])!, last: Int64(fields[3])!)
        }
        #expect(expected.count > 250)

        func byName(_ data: WindowData) -> [String: UserActivity] {
            var out: [String: UserActivity] = [:]
            for (name, total) in zip(data.userNames, data.userTotals) where total.events > 0 { out[name] = total }
            return out
        }
        #expect(byName(alone) == expected)
        #expect(byName(full) == expected)
    }

    @Test("business intelligence over all time ranks the same top users with and without a shared window")
    func businessTopUsersAgree() throws {
        let fixture = try ReportFixture()
        let asOf = ReportFixture.time("2026-03-10T13:47:12Z")
        try fixture.add(Self.events(users: 500, count: 6_000, days: 40, asOf: asOf, seed: 9))
        _ = try fixture.engine.refresh()
        // Alone: the report reads its window for the totals only. In a batch: user_activity reads
        // the same window first, with its day rows, and business intelligence shares it.
        let alone = try fixture.json(.businessIntelligence, .all, asOf: asOf)
        let batch = try fixture.engine.generateAll(
            types: [.userActivity, .businessIntelligence], ranges: [("all", .all)], asOf: asOf, generatedAt: 0)
        let shared = String(decoding: try #require(batch[ReportSlot(type: .businessIntelligence, range: "all")]).json(), as: UTF8.self)
        #expect(alone == shared)
        let object = try JSONSerialization.jsonObject(with: Data(alone.utf8)) as? [String: Any]
        let top = try #require((object?["data"] as? [String: Any])?["top_users"] as? [[String: Any]])
        #expect(top.count == 10)
        // The twelve heavy users share a quarter of the events (~125 each); the others ~9.
        #expect(top.allSatisfy { ($0["activity_count"] as? Int ?? 0) > 60 })
    }
}
