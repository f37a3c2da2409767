import Foundation
@testable import Store
import Testing

/// A stored day's list with a few users changed or added is put in order by merging them in,
/// not by sorting the day again; the result must be the full sort's.
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

    @Test("the merge equals sorting the whole day", arguments: [(1, false), (2, false), (3, true), (4, true)] as [(UInt64, Bool)])
    func mergeEqualsFullSort(seed: UInt64, ranked: Bool) {
        var random = SeededRandom(seed: seed)
        let names = Self.names(3_000, &random)
        // With `ranked`, ties are broken by precomputed ranks; without, by comparing the ids.
        let order = UserDayBlock.Order(names, sorting: ranked ? names.count * 5 : 0)
        let stored = UserDayBlock.sorted(Self.entries(0..<2_000, &random), order)
        // A tenth of the stored users get more events; 300 users are new to the day.
        var kept: [UserDayBlock.Entry] = []
        var moved: [UserDayBlock.Entry] = []
        for var entry in stored {
            if random.next() % 10 == 0 {
                entry.activity.merge(UserActivity(events: Int64(1 + random.next() % 3), first: 90, last: 120))
                moved.append(entry)
            } else {
                kept.append(entry)
            }
        }
        moved += Self.entries(2_000..<2_300, &random)
        moved.shuffle(using: &random)
        let merged = UserDayBlock.merged(kept: kept, moved: moved, order)
        #expect(merged == UserDayBlock.sorted(kept + moved, order))
        #expect(merged.count == 2_300)
    }

    @Test("edge cases: nothing kept, nothing moved, everything moved before or after")
    func edges() {
        var random = SeededRandom(seed: 9)
        let names = Self.names(100, &random)
        let order = UserDayBlock.Order(names, sorting: 0)
        let some = UserDayBlock.sorted(Self.entries(0..<50, &random), order)
        let more = Self.entries(50..<100, &random)
        #expect(UserDayBlock.merged(kept: [], moved: more, order) == UserDayBlock.sorted(more, order))
        #expect(UserDayBlock.merged(kept: some, moved: [], order) == some)
        let top = [UserDayBlock.Entry(user: 60, activity: UserActivity(events: 99, first: 1, last: 2))]
        let bottom = [UserDayBlock.Entry(user: 61, activity: UserActivity(events: 0, first: 1, last: 2))]
        #expect(UserDayBlock.merged(kept: some, moved: top + bottom, order) == top + some + bottom)
    }

    @Test("a stored list out of order of events is sorted whole")
    func storedOutOfOrder() {
        var random = SeededRandom(seed: 5)
        let names = Self.names(200, &random)
        let order = UserDayBlock.Order(names, sorting: 0)
        let unordered = Self.entries(0..<150, &random)  // not sorted
        let moved = Self.entries(150..<200, &random)
        #expect(UserDayBlock.merged(kept: unordered, moved: moved, order) == UserDayBlock.sorted(unordered + moved, order))
    }
}
