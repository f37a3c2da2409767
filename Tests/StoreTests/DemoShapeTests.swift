import Foundation
import Model
@testable import Store
import Testing

/// The benchmark shapes of `demo`: many users, arrival out of time order, late events.
@Suite("demo data shapes")
struct DemoShapeTests {
    let directory = TemporaryDirectory()

    /// Stores 6,000 events (30 days) of `shape` and returns them in id order.
    func stored(_ shape: DemoShape, name: String) throws -> [StoredEvent] {
        let store = try TestStore.open(directory.path(name))
        var generator = DemoGenerator(eventCount: 6_000, days: 30, seed: 3, end: DemoTests.end)
        generator.shape = shape
        #expect(try generator.write(to: store) == 6_000 + shape.lateCount(of: 6_000))
        var events: [StoredEvent] = []
        var after: Int64 = 0
        while true {
            let page = try store.events(afterId: after, limit: 5_000)
            guard let last = page.last else { break }
            events += page
            after = last.id
        }
        return events
    }

    /// Adjacent pairs (by id) whose times go backwards.
    static func inversions(_ events: [StoredEvent]) -> Int {
        zip(events, events.dropFirst()).filter { $0.ts > $1.ts }.count
    }

    /// The events without their ids, in a canonical order: the same multiset compares equal.
    static func multiset(_ events: [StoredEvent]) -> [String] {
        events.map { "\($0.ts)|\($0.eventType)|\($0.userId ?? "-")|\($0.eventData)" }.sorted()
    }

    @Test("a random arrival order stores the same events, with ids no longer following time")
    func shuffled() throws {
        let ordered = try stored(DemoShape(), name: "ordered.db")
        let shuffled = try stored(DemoShape(outOfOrderPercent: 100), name: "shuffled.db")
        #expect(Self.inversions(ordered) == 0)
        // In a random order about half of the adjacent pairs go backwards.
        #expect(Self.inversions(shuffled) > 2_500)
        #expect(Self.multiset(shuffled) == Self.multiset(ordered))
    }

    @Test("ten percent out of order leaves most of the stream ordered")
    func stragglers() throws {
        let events = try stored(DemoShape(outOfOrderPercent: 10), name: "partly.db")
        let inversions = Self.inversions(events)
        // Each displaced event makes at most two backward steps and usually one: 10 % of 6,000
        // events → roughly 300 to 1,200 (never 0, never the ~3,000 of a random order).
        #expect(inversions > 200 && inversions < 1_500, "\(inversions)")
    }

    @Test("late events come last, with times over the whole period")
    func late() throws {
        let events = try stored(DemoShape(latePercent: 5), name: "late.db")
        #expect(events.count == 6_300)
        let main = events.prefix(6_000)
        let late = events.suffix(300)
        #expect(Self.inversions(Array(main)) == 0)
        let start = DemoTests.end - 30 * 86_400_000
        #expect(late.allSatisfy { $0.ts >= start && $0.ts < DemoTests.end })
        // Spread over the period, not bunched at its end: some in each third of it.
        for third in 0..<3 {
            let from = start + Int64(third) * 10 * 86_400_000
            #expect(late.contains { $0.ts >= from && $0.ts < from + 10 * 86_400_000 })
        }
    }

    @Test("--users sets how many distinct users there can be")
    func users() throws {
        let events = try stored(DemoShape(users: 4_000), name: "users.db")
        let distinct = Set(events.compactMap(\.userId)).count
        // 6,000 events drawn from 4,000 heavy-tailed users: well above the demo's 240, at most 4,000.
        #expect(distinct > 1_000 && distinct <= 4_000, "\(distinct)")
    }
}
