import Foundation
import Model
@testable import Reports
@testable import Store
import Testing

/// Each user's totals per span of 32 days (`ru_user_spans`), kept by every merge of user days:
/// checked against SQLite's own grouping of the raw events, whatever order they arrived in and
/// whichever path folded them, and the totals of windows that read them against SQL too.
@Suite("Users' totals per span of days")
struct UserSpansTests {
    static let asOf = ReportFixture.time("2026-11-28T13:47:12Z")
    static let day: Int64 = 86_400_000

    /// 200 days of events for 300 users (a dozen of them busy), in random arrival order and cut
    /// into `batches`, then 1 % more as late events, days to months old.
    static func batches(_ count: Int, seed: UInt64) -> [[TrackedEvent]] {
        var random = SeededRandom(seed: seed)
        func event(daysBack: Int) -> TrackedEvent {
            let at = asOf - 1 - Int64(random.next() % UInt64(daysBack) * UInt64(day)) - Int64(random.next() % UInt64(day))
            let user = random.next() % 4 == 0 ? random.next() % 12 : random.next() % 300
            return TrackedEvent(eventType: random.next() % 3 == 0 ? "document_processed" : "page_view", userId: "u\(user)", timestamp: at)
        }
        let events = (0..<6_000).map { _ in event(daysBack: 200) }
        let size = (events.count + count - 1) / count
        var cut = stride(from: 0, to: events.count, by: size).map { Array(events[$0..<min($0 + size, events.count)]) }
        cut.append((0..<60).map { _ in event(daysBack: 95) })
        return cut
    }

    /// Every span's entries from the stored blocks, decoded here from their hex (28 bytes each,
    /// little-endian: user number, events, first, last) and named through `ru_users`.
    static func storedSpans(_ path: String) throws -> [String] {
        var names: [Int: String] = [:]
        for line in try ArrivalOrderTests.sqlite(path, "SELECT number || '|' || user_id FROM ru_users").split(separator: "\n") {
            let parts = line.split(separator: "|")
            names[Int(parts[0])!] = String(parts[1])
        }
        func little(_ hex: Substring) -> Int64 {
            var value: UInt64 = 0
            for index in stride(from: hex.count - 2, through: 0, by: -2) {
                let start = hex.index(hex.startIndex, offsetBy: index)
                value = value << 8 | UInt64(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
            }
            return Int64(bitPattern: value)
        }
        var out: [String] = []
        for line in try ArrivalOrderTests.sqlite(path, "SELECT span || '|' || hex(users) FROM ru_user_spans").split(separator: "\n") {
            let parts = line.split(separator: "|")
            let hex = parts[1]
            var previous = -1
            for offset in stride(from: 0, to: hex.count, by: 56) {
                let entry = hex.dropFirst(offset).prefix(56)
                let user = Int(little(entry.prefix(8)))
                #expect(user > previous, "span \(parts[0]): users ascending")
                previous = user
                let (events, first, last) = (little(entry.dropFirst(8).prefix(16)), little(entry.dropFirst(24).prefix(16)), little(entry.dropFirst(40)))
                out.append("\(parts[0]) \(names[user] ?? "?") \(events) \(first) \(last)")
            }
        }
        return out.sorted()
    }

    /// The same from the raw events, by SQLite: UTC days (the fixture's zone) of 32.
    static func expectedSpans(_ path: String) throws -> [String] {
        try ArrivalOrderTests.sqlite(
            path,
            "SELECT (ts / 86400000 / 32) || ' ' || user_id || ' ' || count(*) || ' ' || min(ts) || ' ' || max(ts) FROM events GROUP BY ts / 86400000 / 32, user_id"
        ).split(separator: "\n").map(String.init).sorted()
    }

    /// Each user's count, first and last event in `window`, by SQLite.
    static func expectedTotals(_ path: String, _ window: TimeWindow) throws -> [String: UserActivity] {
        var expected: [String: UserActivity] = [:]
        let sql = "SELECT user_id || '|' || count(*) || '|' || min(ts) || '|' || max(ts) FROM events WHERE ts >= \(window.start) AND ts < \(window.end) GROUP BY user_id"
        for line in try ArrivalOrderTests.sqlite(path, sql).split(separator: "\n") {
            let fields = line.split(separator: "|").map(String.init)
            expected[fields[0]] = UserActivity(events: Int64(fields[1])!, first: Int64(fields[2])!, last: Int64(fields[3])!)
        }
        return expected
    }

    static func totals(_ fixture: ReportFixture, _ window: TimeWindow) throws -> [String: UserActivity] {
        let data = try fixture.store.windowData(window, families: [.types, .userTotals], settings: fixture.engine.settings)
        var out: [String: UserActivity] = [:]
        for (name, total) in zip(data.userNames, data.userTotals) where total.events > 0 { out[name] = total }
        return out
    }

    @Test(
        "span blocks equal SQL's grouping of the raw events, folded in order, shuffled, day by day, late and rebuilt",
        arguments: [(1, 1), (3, 2), (6, 3)] as [(Int, UInt64)])
    func spansMatchSQL(batches count: Int, seed: UInt64) throws {
        let fixture = try ReportFixture()
        let path = fixture.store.path
        for (index, batch) in Self.batches(count, seed: seed).enumerated() {
            try fixture.add(index == 0 && count == 1 ? batch.sorted { $0.timestamp < $1.timestamp } : batch)
            // Odd batches take the day-by-day path of large out-of-order spans.
            _ = try fixture.store.refreshRollups(fixture.engine.settings, usersByDayAbove: index % 2 == 1 ? 10 : AnalyticsStore.usersByDayAbove)
            #expect(try Self.storedSpans(path) == Self.expectedSpans(path), "after batch \(index)")
        }
        let expected = try Self.expectedSpans(path)
        #expect(Set(expected.map { $0.split(separator: " ")[0] }).count >= 7)

        // Windows of whole spans and days around them, each edge inside a day.
        for window in [
            TimeWindow(start: 0, end: Self.asOf),
            TimeWindow(start: Self.asOf - 150 * Self.day - 3_600_000, end: Self.asOf - 7_200_000),
            TimeWindow(start: Self.asOf - 90 * Self.day, end: Self.asOf),
        ] {
            let calendar = fixture.engine.settings.calendar
            let (firstDay, endDay) = AnalyticsStore.wholeDays(window, calendar)
            #expect(!UserSpans.whole(firstDay: firstDay, endDay: endDay).isEmpty)
            #expect(try Self.totals(fixture, window) == Self.expectedTotals(path, window))
        }

        _ = try fixture.engine.refresh(full: true)
        #expect(try Self.storedSpans(path) == expected, "after a rebuild")
    }

    @Test("the spans lying whole in a run of days, on both sides of day 0", arguments: [
        (0, 32, 0..<1), (1, 64, 1..<2), (0, 31, 0..<0), (31, 96, 1..<3), (-32, 0, -1..<0), (-33, 33, -1..<1), (-1, 31, 0..<0),
        (40, 40, 0..<0),
    ] as [(Int, Int, Range<Int>)])
    func wholeSpans(firstDay: Int, endDay: Int, expected: Range<Int>) {
        #expect(UserSpans.whole(firstDay: firstDay, endDay: endDay) == expected)
    }
}
