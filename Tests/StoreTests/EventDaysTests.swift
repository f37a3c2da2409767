import Foundation
import GRDB
import Model
@testable import Store
import Testing

/// The days a rebuild reads its user days over come from the time index, a bucket at a time.
@Suite("The days that hold events")
struct EventDaysTests {
    let temp = TemporaryDirectory()
    static let day: Int64 = 86_400_000

    /// The UTC day of a time, rounded down for times before 1970 too.
    static func utcDay(_ ms: Int64) -> Int { Int(ms >= 0 ? ms / day : -((-ms + day - 1) / day)) }

    /// Events over four days, stored in reverse time order, and one at each end of the times
    /// the ingest accepts (the year 1 and just under 10¹⁵ ms, the year 33658).
    static var events: [TrackedEvent] {
        var events = (0..<3_000).map {
            TrackedEvent(eventType: "e", serviceName: "s", userId: "u\($0 % 40)", timestamp: june1Noon + Int64($0) * 80_000)
        }
        events.reverse()
        events.append(TrackedEvent(eventType: "e", serviceName: "s", userId: "ancient", timestamp: -62_135_596_800_000))
        events.append(TrackedEvent(eventType: "e", serviceName: "s", userId: "far", timestamp: 999_999_999_999_999))
        return events
    }

    @Test("only the days that hold events are listed, however far apart they are")
    func onlyDaysWithEvents() throws {
        let store = try TestStore.open(temp.path("days.db"))
        try store.insertBatch(Self.events, receivedAt: june1Noon)
        let expected = Set(Self.events.map { Self.utcDay($0.timestamp) })
        let days = try store.eventDays(.utc)
        #expect(days == days.sorted())
        #expect(Set(days).isSuperset(of: expected))
        // A ~70-minute bucket may reach into the day after its events' (never further).
        #expect(days.count <= expected.count * 2)
        #expect(expected.count == 6)  // 66.7 hours from noon on 1 June: four days, and the two far ones
    }

    @Test("a rebuild of events out of order writes a user-day block for each day that has users")
    func rebuildWritesEachDay() throws {
        let store = try TestStore.open(temp.path("rebuild.db"))
        try store.insertBatch(Self.events, receivedAt: june1Noon)
        let refresh = try store.refreshRollups(RollupSettings(roles: .defaults, calendar: .utc), full: true, usersByDayAbove: 0)
        #expect(refresh.folded == Self.events.count)
        let stored = try store.read { db in try Int.fetchAll(db, sql: "SELECT day FROM ru_user_day_blocks ORDER BY day") }
        let expected = Set(Self.events.map { Self.utcDay($0.timestamp) }).sorted()
        #expect(stored == expected)
        let users = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM ru_users") }
        #expect(users == 42)
    }
}
