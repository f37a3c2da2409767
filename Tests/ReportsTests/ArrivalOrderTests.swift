import Foundation
import Model
import Reports
import Store
import Testing

/// The same events give the same reports whatever order they arrive in (issue 16): time order,
/// random order, reversed, with many equal timestamps, and folded in several refreshes as they
/// arrive — compared as report JSON, byte for byte, with many distinct users.
@Suite("Arrival order does not change a figure", .serialized)
struct ArrivalOrderTests {
    static let end = ReportFixture.time("2026-11-28T00:00:00Z")
    static let asOf = ReportFixture.time("2026-11-27T13:47:12.345Z")
    static let ranges: [TimeRange] = [.days(1), .days(7), .days(30), .days(90), .all]

    /// 12,000 demo events over 100 days from 5,000 possible users, in time order; with
    /// `minuteTies`, every time rounded down to its minute (many events share a timestamp).
    static func events(minuteTies: Bool = false) -> [TrackedEvent] {
        var generator = DemoGenerator(eventCount: 12_000, days: 100, seed: 21, end: end)
        generator.shape = DemoShape(users: 5_000)
        var all: [TrackedEvent] = []
        generator.generate { all += $0 }
        if minuteTies { for index in all.indices { all[index].timestamp -= all[index].timestamp % 60_000 } }
        return all
    }

    /// A fixed shuffle (a seeded Fisher–Yates), so a failure can be replayed.
    static func shuffled(_ events: [TrackedEvent], seed: UInt64) -> [TrackedEvent] {
        var state = seed
        var copy = events
        for index in stride(from: copy.count - 1, to: 0, by: -1) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            copy.swapAt(index, Int((state >> 33) % UInt64(index + 1)))
        }
        return copy
    }

    /// Every report over every range, after storing `batches` one by one (a refresh after each).
    static func reports(_ batches: [[TrackedEvent]], zone: String, usersByDayAbove: Int64? = nil) throws -> [String] {
        let fixture = try ReportFixture(zone: zone)
        for batch in batches {
            try fixture.add(batch)
            if let usersByDayAbove {
                _ = try fixture.store.refreshRollups(fixture.engine.settings, usersByDayAbove: usersByDayAbove)
            } else {
                _ = try fixture.engine.refresh()
            }
        }
        return try ReportType.allCases.flatMap { type in try ranges.map { try fixture.json(type, $0, asOf: asOf) } }
    }

    @Test("random, reversed and partly shuffled arrival give the in-order JSON", arguments: ["UTC", "Asia/Kolkata"])
    func orders(zone: String) throws {
        let ordered = Self.events()
        let expected = try Self.reports([ordered], zone: zone)
        #expect(try Self.reports([Self.shuffled(ordered, seed: 1)], zone: zone) == expected)
        #expect(try Self.reports([ordered.reversed()], zone: zone) == expected)
        // A tenth of the events displaced: every tenth one moved to the front.
        let stragglers = ordered.enumerated().filter { $0.offset % 10 == 0 }.map(\.element)
            + ordered.enumerated().filter { $0.offset % 10 != 0 }.map(\.element)
        #expect(try Self.reports([stragglers], zone: zone) == expected)
    }

    @Test("out-of-order spans whose user days are folded day by day, from the time index, give the in-order JSON", arguments: ["UTC", "Asia/Kolkata"])
    func userDaysFoldedDayByDay(zone: String) throws {
        let ordered = Self.events()
        let expected = try Self.reports([ordered], zone: zone)
        #expect(try Self.reports([Self.shuffled(ordered, seed: 3)], zone: zone, usersByDayAbove: 0) == expected)
        #expect(try Self.reports([ordered.reversed()], zone: zone, usersByDayAbove: 0) == expected)
        // In three refreshes: each folds its own span day by day into what the one before left.
        let shuffled = Self.shuffled(ordered, seed: 4)
        let thirds = [Array(shuffled[..<4_000]), Array(shuffled[4_000..<8_000]), Array(shuffled[8_000...])]
        #expect(try Self.reports(thirds, zone: zone, usersByDayAbove: 0) == expected)
    }

    @Test("events arriving shuffled across several refreshes give the JSON of one in-order load")
    func incrementalShuffled() throws {
        let ordered = Self.events()
        let expected = try Self.reports([ordered], zone: "Europe/Berlin")
        let shuffled = Self.shuffled(ordered, seed: 7)
        let batches = stride(from: 0, to: shuffled.count, by: 2_500).map { Array(shuffled[$0..<min($0 + 2_500, shuffled.count)]) }
        #expect(batches.count == 5)
        #expect(try Self.reports(batches, zone: "Europe/Berlin") == expected)
    }

    @Test("many equal timestamps give the same JSON in any order")
    func ties() throws {
        let ordered = Self.events(minuteTies: true)
        let expected = try Self.reports([ordered], zone: "UTC")
        #expect(try Self.reports([Self.shuffled(ordered, seed: 3)], zone: "UTC") == expected)
        #expect(try Self.reports([ordered.reversed()], zone: "UTC") == expected)
    }

    @Test("a few late events over many days, merged key by key, give the JSON of one in-order load", arguments: ["UTC", "Asia/Kolkata"])
    func lateEventsMergedByKey(zone: String) throws {
        let ordered = Self.events()
        let expected = try Self.reports([ordered], zone: zone)
        // Every 150th event arrives late: 80 events over the 100 days, after the rest is folded.
        let late = ordered.enumerated().filter { $0.offset % 150 == 7 }.map(\.element)
        let onTime = ordered.enumerated().filter { $0.offset % 150 != 7 }.map(\.element)
        let fixture = try ReportFixture(zone: zone)
        try fixture.add(onTime)
        #expect(try fixture.engine.refresh().mergedByKey == 0)
        try fixture.add(late)
        let refresh = try fixture.engine.refresh()
        #expect(refresh.folded == late.count && refresh.mergedByKey == 1)
        let reports = try ReportType.allCases.flatMap { type in try Self.ranges.map { try fixture.json(type, $0, asOf: Self.asOf) } }
        #expect(reports == expected)
    }

    /// The same late events arriving again and again (as copies) hit the same keys each time: the
    /// appended rows pile up on those keys until the slots are rewritten, which merges them.
    @Test("late events appended key by key in many refreshes give the JSON of one load, and rewrites keep the rows near the keys")
    func lateEventsAppendedRepeatedly() throws {
        let ordered = Self.events()
        let late = ordered.enumerated().filter { $0.offset % 150 == 7 }.map(\.element)
        let rounds = 10
        let expected = try Self.reports([ordered + Array(repeating: late, count: rounds).flatMap { $0 }], zone: "UTC")
        let fixture = try ReportFixture(zone: "UTC")
        try fixture.add(ordered)
        #expect(try fixture.engine.refresh().mergedByKey == 0)
        var appended: [Int] = []
        for _ in 0..<rounds {
            try fixture.add(late)
            appended.append(try fixture.engine.refresh().mergedByKey)
        }
        // Some refreshes appended, and at least one rewrote the slots its keys had piled up in.
        #expect(appended.contains(1) && appended.contains(0), "\(appended)")
        let reports = try ReportType.allCases.flatMap { type in try Self.ranges.map { try fixture.json(type, $0, asOf: Self.asOf) } }
        #expect(reports == expected)
        // Counted by the sqlite3 tool: appends stop at twice as many rows as keys, and the last
        // one adds at most a row per key.
        let database = fixture.directory.appendingPathComponent("a.db").path
        let rows = try #require(Int(try Self.sqlite(database, "SELECT count(*) FROM ru_types")))
        let keys = try #require(Int(try Self.sqlite(database, "SELECT count(*) FROM (SELECT DISTINCT slot, event_type, service_name FROM ru_types)")))
        #expect(rows > keys && rows <= 3 * keys, "\(rows) rows, \(keys) keys")
    }

    /// What `sqlite3 DATABASE SQL` prints, trimmed.
    static func sqlite(_ database: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
