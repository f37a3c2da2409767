import Foundation
@testable import Store
import Testing

/// What a fold collects per user and day (``UserDayTally``) and the ranks a batch sorts its users
/// by, each checked against a second, plain method.
@Suite("User-day tallies")
struct UserDayTallyTests {
    /// Events of `users` users over days before and after 1970 (negative day numbers), from a
    /// fixed generator: (user id, local day, time).
    private func events(_ count: Int, users: Int, seed: UInt64) -> [(String, Int, Int64)] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let user = Int(state >> 40) % users
            let day = Int((state >> 20) & 0x3FF) - 300  // -300 ..< 724
            let time = Int64(day) * 86_400_000 + Int64((state >> 8) & 0xFFF)
            return (user % 7 == 0 ? "Ü-\(user)" : "user-\(user)", day, time)
        }
    }

    @Test("a tally counts each user's days as a dictionary keyed by (day, id) does, across many table growths")
    func tallyMatchesDictionary() {
        let input = events(60_000, users: 20_000, seed: 3)
        var tally = UserDayTally()
        var expected: [UserDayKey: UserActivity] = [:]
        for (user, day, time) in input {
            tally.add(user, day: day, time: time)
            expected[UserDayKey(day: day, userId: user), default: UserActivity()].add(time)
        }
        #expect(tally.count == expected.count)
        #expect(tally.users.count == Set(input.map(\.0)).count)
        var seen: [UserDayKey: UserActivity] = [:]
        for (day, user, value) in tally.entries { seen[UserDayKey(day: day, userId: tally.users.strings[user])] = value }
        #expect(seen == expected)
        #expect(seen.keys.contains { $0.day < 0 })
    }

    @Test("two tallies merged equal the tally of all their events, whichever is merged into the other")
    func mergedTalliesEqualOne() {
        let input = events(40_000, users: 9_000, seed: 11)
        var whole = UserDayTally()
        var first = UserDayTally()
        var second = UserDayTally()
        for (index, (user, day, time)) in input.enumerated() {
            whole.add(user, day: day, time: time)
            if index % 3 == 0 { first.add(user, day: day, time: time) } else { second.add(user, day: day, time: time) }
        }
        func entries(_ tally: UserDayTally) -> [String: UserActivity] {
            var result: [String: UserActivity] = [:]
            for (day, user, value) in tally.entries { result["\(day) \(tally.users.strings[user])"] = value }
            return result
        }
        var forward = first
        forward.merge(second)
        var backward = second
        backward.merge(first)
        #expect(entries(forward) == entries(whole))
        #expect(entries(backward) == entries(whole))
        // The batches made from them list the same days, users and figures in the same order.
        func listed(_ batch: UserDayBatch) -> [String] {
            batch.days.flatMap { day in day.entries.map { "\(day.day) \(batch.names[$0.user]) \($0.activity)" } }
        }
        #expect(listed(UserDayBatch(forward)) == listed(UserDayBatch(whole)))
        #expect(listed(UserDayBatch(backward)) == listed(UserDayBatch(whole)))
    }

    @Test("an interner ranks its texts as a sort of their UTF-8 bytes does")
    func ranksFollowBytes() {
        var interner = TextInterner()
        var state: UInt64 = 5
        var texts = ["", "a", "ab", "a\u{0}", "B", "é", "e\u{301}", "山田", "user-10", "user-9", "user-1"]
        for _ in 0..<3_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            texts.append("u\(state >> 50)" + (state & 1 == 0 ? "Ä" : ""))
        }
        for text in texts { _ = interner.number(text) }
        let ranks = interner.byteOrderRanks()
        let byBytes = interner.strings.indices.sorted {
            Array(interner.strings[$0].utf8).lexicographicallyPrecedes(Array(interner.strings[$1].utf8))
        }
        #expect(ranks.count == interner.count)
        #expect(byBytes.enumerated().allSatisfy { rank, text in ranks[text] == Int32(rank) })
        #expect(TextInterner().byteOrderRanks().isEmpty)
    }
}
