import Foundation
@testable import Store
import Testing

@Suite("User days read ahead of the writer")
struct UserDayReadAheadTests {
    /// A day's batch of `users` users, each with one event on that day; the first user's id
    /// names the day, so the order of hand-over can be read back.
    static func batch(day: Int, users: Int) -> UserDayBatch {
        var userDays: [UserDayKey: UserActivity] = [:]
        for user in 0..<users {
            userDays[UserDayKey(day: day, userId: "d\(day)-u\(user)")] = UserActivity(events: 1, first: Int64(day), last: Int64(day))
        }
        return UserDayBatch(userDays)
    }

    /// Takes every batch, sleeping `pause` after each (a slow writer), and returns each one's day.
    static func drain(_ readAhead: UserDayReadAhead, pause: UInt32) throws -> [Int] {
        var days: [Int] = []
        while case .ready(let result) = readAhead.next(wait: true) {
            let batch = try result.get()
            days.append(contentsOf: batch.days.map(\.day))
            usleep(pause)
        }
        return days
    }

    @Test("days are handed over in their order, whichever thread reads them first", arguments: [1, 2, 3])
    func daysInOrder(workers: Int) throws {
        let count = 40
        let readAhead = UserDayReadAhead(count: count, workers: workers) { index in
            // Later days read faster: threads finish out of order.
            usleep(UInt32((count - index) * 150 + (index % 3) * 400))
            return Self.batch(day: 1_000 + index, users: 1 + index % 4)
        }
        defer { readAhead.finish() }
        #expect(try Self.drain(readAhead, pause: 0) == Array(1_000..<(1_000 + count)))
        guard case .done = readAhead.next(wait: false) else {
            Issue.record("a finished read-ahead hands over nothing more")
            return
        }
    }

    @Test("a slow writer keeps the days read but not merged within the bound")
    func boundedWhileTheWriterIsSlow() throws {
        let (limit, size, workers) = (100, 20, 2)
        let readAhead = UserDayReadAhead(count: 60, workers: workers, entryLimit: limit) { index in
            Self.batch(day: index, users: size)
        }
        defer { readAhead.finish() }
        #expect(try Self.drain(readAhead, pause: 2_000) == Array(0..<60))
        // A thread starts a day while fewer than `limit` are waiting, so at most one batch per
        // thread passes it; without the bound all 60 days (1,200 user days) would wait at once.
        #expect(readAhead.mostBuffered >= limit)
        #expect(readAhead.mostBuffered <= limit + workers * size)
    }

    @Test("a day that cannot be read is handed over as its error, in its place")
    func errorInItsPlace() throws {
        let readAhead = UserDayReadAhead(count: 6, workers: 2) { (index) throws(StoreError) -> UserDayBatch in
            if index == 3 { throw StoreError.failed(path: "events.db", reason: "day 3 unreadable") }
            return Self.batch(day: index, users: 2)
        }
        defer { readAhead.finish() }
        var seen: [String] = []
        while case .ready(let result) = readAhead.next(wait: true) {
            switch result {
            case .success(let batch): seen.append("\(batch.days[0].day)")
            case .failure(let error): seen.append("error: \(error)")
            }
        }
        #expect(seen.count == 6)
        #expect(seen[0..<3] == ["0", "1", "2"] && seen[4...] == ["4", "5"])
        #expect(seen[3].contains("day 3 unreadable"))
    }

    @Test("finishing early stops the threads without reading every day")
    func finishEarly() {
        let started = Counter()
        let readAhead = UserDayReadAhead(count: 10_000, workers: 2, entryLimit: 10) { index in
            started.add()
            return Self.batch(day: index, users: 5)
        }
        guard case .ready = readAhead.next(wait: true) else {
            Issue.record("the first day is handed over")
            return
        }
        readAhead.finish()
        let afterFinish = started.value
        #expect(afterFinish < 100)
        usleep(20_000)
        #expect(started.value == afterFinish)
    }

    /// A count shared with the reading threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
