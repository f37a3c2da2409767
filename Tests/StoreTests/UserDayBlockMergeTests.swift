import Foundation
@testable import Store
import Testing

/// A stored day's list with a few users changed or added is put in order by placing them in it
/// (UserDayLate), not by sorting the day again; the result must be the full sort's.
@Suite("A day's list, merged with late entries")
struct UserDayBlockMergeTests {
    /// Ids of mixed lengths and scripts (byte order differs from character order for some).
    static func names(_ count: Int, _ random: inout SeededRandom) -> [String] {
        let parts = ["u", "U", "user-", "é", "e\u{301}", "日本", "🧪", "z", "0", "Ω"]
        return (0..<count).map { index in parts[Int(random.next() % UInt64(parts.count))] + String(index * 7 % 1_000) + "-\(index)" }
    }

    /// Entries for `users`, with counts from 1 to 4 (many ties, broken by id).
    static func entries(_ users: some Sequence<Int>, _ random: inout SeededRandom) -> [UserDayBlock.Entry] {
        users.map { user in
            let events = Int64(1 + random.next() % 4)
            return UserDayBlock.Entry(user: user, activity: UserActivity(events: events, first: 100, last: 100 + events))
        }
    }

    /// A stored list (in order) with `delta` placed in it (UserDayLate), as readers see it.
    static func merged(_ stored: [UserDayBlock.Entry], delta: [UserDayBlock.Entry], _ order: UserDayBlock.Order) -> [UserDayBlock.Entry]? {
        var changes: [Int: UserActivity] = [:]
        for entry in delta { changes[entry.user, default: UserActivity()].merge(entry.activity) }
        var marks: [Int32] = []
        var result: [UserDayBlock.Entry] = []
        let ok = UserDayBlock.encode(ordered: stored).withUnsafeBytes { block in
            guard let placed = UserDayLate.placed(late: [:], delta: changes, in: block, order, marks: &marks) else { return false }
            UserDayLate.each(block, placed: placed, marks: &marks) { result.append($0) }
            return true
        }
        return ok ? result : nil
    }

    @Test("the merge equals sorting the whole day", arguments: [(1, false), (2, false), (3, true), (4, true)] as [(UInt64, Bool)])
    func mergeEqualsFullSort(seed: UInt64, ranked: Bool) throws {
        var random = SeededRandom(seed: seed)
        let names = Self.names(3_000, &random)
        // With `ranked`, ties are broken by precomputed ranks; without, by comparing the ids.
        let order = UserDayBlock.Order(names, sorting: ranked ? names.count * 5 : 0)
        let stored = UserDayBlock.sorted(Self.entries(0..<2_000, &random), order)
        // A tenth of the stored users get more events; 300 users are new to the day.
        var kept: [UserDayBlock.Entry] = []
        var moved: [UserDayBlock.Entry] = []
        var delta: [UserDayBlock.Entry] = []
        for var entry in stored {
            if random.next() % 10 == 0 {
                let more = UserActivity(events: Int64(1 + random.next() % 3), first: 90, last: 120)
                delta.append(UserDayBlock.Entry(user: entry.user, activity: more))
                entry.activity.merge(more)
                moved.append(entry)
            } else {
                kept.append(entry)
            }
        }
        let new = Self.entries(2_000..<2_300, &random)
        moved += new
        delta += new
        delta.shuffle(using: &random)
        let merged = try #require(Self.merged(stored, delta: delta, order))
        #expect(merged == UserDayBlock.sorted(kept + moved, order))
        #expect(merged.count == 2_300)
    }

    @Test("edge cases: nothing stored, nothing changed, everything changed before or after")
    func edges() {
        var random = SeededRandom(seed: 9)
        let names = Self.names(100, &random)
        let order = UserDayBlock.Order(names, sorting: 0)
        let some = UserDayBlock.sorted(Self.entries(0..<50, &random), order)
        let more = Self.entries(50..<100, &random)
        #expect(Self.merged([], delta: more, order) == UserDayBlock.sorted(more, order))
        #expect(Self.merged(some, delta: [], order) == some)
        let top = [UserDayBlock.Entry(user: 60, activity: UserActivity(events: 99, first: 1, last: 2))]
        let bottom = [UserDayBlock.Entry(user: 61, activity: UserActivity(events: 0, first: 1, last: 2))]
        #expect(Self.merged(some, delta: top + bottom, order) == top + some + bottom)
    }

    @Test("a stored list out of order of events is not placed in, but sorted whole")
    func storedOutOfOrder() {
        var random = SeededRandom(seed: 5)
        let names = Self.names(200, &random)
        let order = UserDayBlock.Order(names, sorting: 0)
        let unordered = Self.entries(0..<150, &random)  // not sorted
        let moved = Self.entries(150..<200, &random)
        #expect(Self.merged(unordered, delta: moved, order) == nil)
        var delta: [Int: UserActivity] = [:]
        for entry in moved { delta[entry.user] = entry.activity }
        let whole = UserDayBlock.encode(ordered: unordered).withUnsafeBytes {
            UserDayLate.wholeSorted(late: [:], delta: delta, block: $0, order)
        }
        #expect(whole == UserDayBlock.sorted(unordered + moved, order))
    }
}
