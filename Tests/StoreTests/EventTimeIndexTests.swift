import Foundation
import GRDB
import Model
@testable import Store
import Testing

@Suite("events read by time bucket")
struct EventTimeIndexTests {
    let temp = TemporaryDirectory()

    /// Times on both sides of bucket edges (2²² ms), of zero and of the edges of the windows
    /// below, negative ones among them: each stored once.
    static let times: [Int64] = {
        let bucket: Int64 = 1 << 22
        var times: Set<Int64> = []
        for edge in [-3 * bucket, -bucket, 0, bucket, 2 * bucket, 7 * bucket, june1Noon, june1Noon + 3_600_000] {
            for delta: Int64 in [-2, -1, 0, 1, 2, 1_000, -1_000] { times.insert(edge + delta) }
        }
        var random = SeededRandom(seed: 16)
        for _ in 0..<400 { times.insert(Int64(random.next() % UInt64(20 * bucket)) - 10 * bucket) }
        for _ in 0..<200 { times.insert(june1Noon - 86_400_000 + Int64(random.next() % 172_800_000)) }
        return times.sorted()
    }()

    private func store() throws -> AnalyticsStore {
        let store = try TestStore.open(temp.path("buckets.db"))
        var random = SeededRandom(seed: 3)
        // Stored in random order, so that ids do not follow time.
        let shuffled = Self.times.shuffled(using: &random)
        _ = try store.insert(shuffled.enumerated().map { index, time in
            TrackedEvent(eventType: "tick", userId: index % 3 == 0 ? nil : "u\(index % 7)", timestamp: time)
        })
        return store
    }

    @Test("a window counts exactly the events whose time is in it, across buckets and below zero")
    func windowsCountExactly() throws {
        let store = try store()
        let times = Self.times
        // Window edges: every stored time, its neighbours, and bucket edges.
        var edges = Set(times.flatMap { [$0, $0 + 1] })
        for bucket in -12...12 { edges.insert(Int64(bucket) << 22) }
        edges.formUnion([june1Noon - 86_400_000, june1Noon + 86_400_000, .min + 1, .max])
        var random = SeededRandom(seed: 5)
        let sorted = edges.sorted()
        for _ in 0..<600 {
            let start = sorted.randomElement(using: &random)!
            let end = sorted.randomElement(using: &random)!
            let window = TimeWindow(start: min(start, end), end: max(start, end))
            let expected = times.count { $0 >= window.start && $0 < window.end }
            #expect(try store.eventCount(in: window) == expected, "\(window.start)..<\(window.end)")
        }
        #expect(try store.eventCount(in: TimeWindow(start: 10, end: 10)) == 0)
    }

    @Test("the first and last event times are the least and greatest stored")
    func extremes() throws {
        let store = try store()
        #expect(try store.earliestEventTime() == Self.times.first)
        #expect(try store.latestEventTime() == Self.times.last)
        let info = try store.info()
        #expect(info.firstEvent == Self.times.first)
        #expect(info.lastEvent == Self.times.last)
        #expect(info.eventCount == Self.times.count)
        // Among events up to an id: the least time of those rows, by a plain scan.
        let (bound, expected): (Int64, Int64?) = try store.read { db in
            (300, try Int64.fetchOne(db, sql: "SELECT ts FROM events WHERE id <= 300 ORDER BY ts + 0 LIMIT 1"))
        }
        let first = try store.read { db in try EventTimeIndex.extreme(first: true, db, where: "id <= ?", arguments: [bound]) }
        #expect(first == expected)
        let empty = try TestStore.open(temp.path("empty.db"))
        #expect(try empty.latestEventTime() == nil)
        #expect(try empty.earliestEventTime() == nil)
    }

    @Test("the condition before a cutoff holds exactly the earlier events", arguments: [
        -(1 << 22) - 1, -(1 << 22), -1, 0, 1, (1 << 22) - 1, 1 << 22, (1 << 22) + 1, june1Noon,
    ] as [Int64])
    func beforeCutoff(cutoff: Int64) throws {
        let store = try store()
        let (condition, arguments) = EventTimeIndex.before(cutoff)
        let count = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE \(condition)", arguments: StatementArguments(arguments))
        }
        #expect(count == Self.times.count { $0 < cutoff })
    }

    @Test("window reads search the bucket index, not the table")
    func windowReadsUseTheIndex() throws {
        let store = try store()
        let (time, bounds) = EventTimeIndex.window(june1Noon, june1Noon + 3_600_000)
        let queries: [(String, [Int64])] = [
            ("SELECT count(*) FROM events WHERE \(time)", []),
            ("SELECT ts, user_id FROM events WHERE \(time) AND id > ? AND id <= ? AND user_id IS NOT NULL", [0, 1_000]),
            ("SELECT \(EventScanner.columns) FROM events WHERE \(time) AND id <= ?", [1_000]),
        ]
        for (sql, more) in queries {
            let plan = try store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(bounds + more))
                    .map { $0["detail"] as String }
            }
            #expect(
                plan.count == 1 && plan[0].contains("SEARCH events USING")
                    && plan[0].contains("INDEX events_by_bucket (<expr>>? AND <expr><?)"), "\(plan)")
        }
        #expect(bounds == [june1Noon >> 22, (june1Noon + 3_599_999) >> 22, june1Noon, june1Noon + 3_600_000])
    }
}
