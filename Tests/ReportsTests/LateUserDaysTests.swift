import Foundation
import Model
import Reports
@testable import Store
import Testing

/// Late events for days that already have a block of user days go beside it
/// (`ru_user_day_late`), and the block is rewritten only once they pass a quarter of it
/// (RollupTables.mergeUserDays): the reports must not tell the difference.
@Suite("Late user days beside the day blocks")
struct LateUserDaysTests {
    static let asOf = ReportFixture.time("2026-11-28T00:00:00Z")

    /// Twenty days of November, 40 users a day out of 60, one to three events each, in time order.
    static let base: [TrackedEvent] = {
        var events: [TrackedEvent] = []
        for day in 1...20 {
            for k in 0..<40 {
                for event in 0..<(1 + k % 3) {
                    let at = String(format: "2026-11-%02dT%02d:%02d:00Z", day, 1 + k % 20, 5 + event * 10)
                    let user = "u\((day * 7 + k) % 60)"
                    events.append(ReportFixture.processed(at, service: "pdf-service", ms: 100, user: user))
                }
            }
        }
        return events
    }()

    static func late(day: Int, users: [String]) -> [TrackedEvent] {
        users.enumerated().map { index, user in
            ReportFixture.processed(String(format: "2026-11-%02dT23:%02d:00Z", day, index % 60), service: "pdf-service", ms: 50, user: user)
        }
    }

    /// The user reports (every list of users) and the rest over three ranges, as JSON.
    static func reports(_ engine: ReportEngine) throws -> [String] {
        try ReportType.allCases.flatMap { type in
            try [TimeRange.days(7), .days(30), .all].map { range in
                String(decoding: try engine.generate(ReportRequest(type: type, range: range, asOf: asOf), generatedAt: 0).json(), as: UTF8.self)
            }
        }
    }

    /// The reports of the same events folded at once, in another file.
    static func reference(_ events: [TrackedEvent]) throws -> [String] {
        let fixture = try ReportFixture(zone: "UTC")
        try fixture.add(events)
        _ = try fixture.engine.refresh()
        return try reports(fixture.engine)
    }

    static func rows(_ fixture: ReportFixture, _ table: String) throws -> [String] {
        try ArrivalOrderTests.sqlite(fixture.store.path, "SELECT day || ':' || hex(users) FROM \(table) ORDER BY day")
            .split(separator: "\n").map(String.init)
    }

    @Test("late events for days with blocks go beside them, and the reports equal those of all events folded at once")
    func lateEventsGoBesideTheBlocks() throws {
        let fixture = try ReportFixture(zone: "UTC")
        try fixture.add(Self.base)
        #expect(try fixture.engine.refresh().rebuilt)
        let blocks = try Self.rows(fixture, "ru_user_day_blocks")
        #expect(blocks.count == 20)
        #expect(try Self.rows(fixture, "ru_user_day_late").isEmpty)

        // Day 5: a user of the day (u35 = (5 · 7 + 0) mod 60) twice, one of another day, a new one;
        // day 9: one; day 14: a new user. Each far under a quarter of the day's 40 users.
        let late = Self.late(day: 5, users: ["u35", "u35", "u0", "late-a"]) + Self.late(day: 9, users: ["u3"])
            + Self.late(day: 14, users: ["late-b"])
        try fixture.add(late)
        let refresh = try fixture.engine.refresh()
        #expect(!refresh.rebuilt && refresh.folded == late.count)
        #expect(try Self.rows(fixture, "ru_user_day_blocks") == blocks)
        #expect(try Self.rows(fixture, "ru_user_day_late").count == 3)
        #expect(try Self.reports(fixture.engine) == (try Self.reference(Self.base + late)))
    }

    @Test("a day's late entries past a quarter of its block are merged into it, over two refreshes")
    func lateEntriesPastAQuarterAreMerged() throws {
        let fixture = try ReportFixture(zone: "UTC")
        try fixture.add(Self.base)
        _ = try fixture.engine.refresh()
        let blocks = try Self.rows(fixture, "ru_user_day_blocks")

        // Day 5 holds 40 users: 8 late ones stay beside (8 · 4 ≤ 40) ...
        let first = Self.late(day: 5, users: (0..<8).map { "u\($0 * 3)" })
        try fixture.add(first)
        _ = try fixture.engine.refresh()
        #expect(try Self.rows(fixture, "ru_user_day_blocks") == blocks)
        #expect(try Self.rows(fixture, "ru_user_day_late").count == 1)
        #expect(try Self.reports(fixture.engine) == (try Self.reference(Self.base + first)))

        // ... 3 more (11 · 4 > 40) and the day's block is written again, its late row gone.
        let second = Self.late(day: 5, users: ["u1", "new-1", "new-2"])
        try fixture.add(second)
        _ = try fixture.engine.refresh()
        let after = try Self.rows(fixture, "ru_user_day_blocks")
        #expect(try Self.rows(fixture, "ru_user_day_late").isEmpty)
        #expect(zip(after, blocks).filter { $0 != $1 }.count == 1)
        #expect(try Self.reports(fixture.engine) == (try Self.reference(Self.base + first + second)))
    }
}
