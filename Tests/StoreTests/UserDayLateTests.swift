import Foundation
@testable import Store
import Testing

/// A day's late entries placed in its stored block (UserDayLate) give the list a sort of the
/// whole day would: checked against that sort, done here the simple way.
@Suite("Late user days placed in a day's block")
struct UserDayLateTests {
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The list's order the simple way: more events first, then ids by their UTF-8 bytes.
    static func listOrder(_ entries: [UserDayBlock.Entry], _ names: [String]) -> [UserDayBlock.Entry] {
        entries.sorted {
            $0.activity.events != $1.activity.events
                ? $0.activity.events > $1.activity.events
                : Array(names[$0.user].utf8).lexicographicallyPrecedes(Array(names[$1.user].utf8))
        }
    }

    static func activity(_ random: inout Random) -> UserActivity {
        // Few distinct counts, so that most neighbours tie and ids decide.
        let first = Int64(random.next(86_400_000))
        return UserActivity(events: Int64(1 + random.next(4)), first: first, last: first + Int64(random.next(1_000)))
    }

    @Test("placed late entries and the block they leave alone come out in the order a whole sort gives", arguments: 1...12)
    func placedMatchesAWholeSort(seed: Int) throws {
        var random = Random(state: UInt64(seed))
        // Ids that sort differently by bytes than by number: "u10" before "u9", é (two bytes) after z.
        let names = (0..<300).map { ["u\($0)", "é\($0)", "z\($0)", "U\($0)"][$0 % 4] }
        var block: [Int: UserActivity] = [:]
        for _ in 0..<random.next(200) { block[random.next(names.count)] = Self.activity(&random) }
        // Late entries as a previous merge left them: whole activities, some for users of the block.
        var late: [Int: UserActivity] = [:]
        for _ in 0..<random.next(30) {
            let user = random.next(names.count)
            var whole = block[user] ?? UserActivity()
            whole.merge(Self.activity(&random))
            late[user] = whole
        }
        var delta: [Int: UserActivity] = [:]
        for _ in 0..<random.next(30) { delta[random.next(names.count), default: UserActivity()].merge(Self.activity(&random)) }

        // Expected: the block's entries, replaced by the late ones, the delta added, sorted whole.
        var whole = block
        whole.merge(late) { $1 }
        for (user, more) in delta { whole[user, default: UserActivity()].merge(more) }
        let expected = Self.listOrder(whole.map { UserDayBlock.Entry(user: $0.key, activity: $0.value) }, names)

        let stored = UserDayBlock.encode(ordered: Self.listOrder(block.map { UserDayBlock.Entry(user: $0.key, activity: $0.value) }, names))
        let order = UserDayBlock.Order(names, sorting: 0)
        var marks: [Int32] = []
        var actual: [UserDayBlock.Entry] = []
        try stored.withUnsafeBytes { bytes in
            let placed = try #require(UserDayLate.placed(late: late, delta: delta, in: bytes, order, marks: &marks))
            #expect(placed.count == Set(late.keys).union(delta.keys).count)
            // Through their stored form, as a reader gets them.
            var decoded: [UserDayLate.Placed] = []
            UserDayLate.encode(placed).withUnsafeBytes { UserDayLate.decode($0) { decoded.append($0) } }
            #expect(decoded == placed)
            UserDayLate.each(bytes, placed: decoded, marks: &marks) { actual.append($0) }
        }
        #expect(actual == expected)
        #expect(marks.allSatisfy { $0 == 0 })
    }

    @Test("a block out of the list's order is refused, for a whole sort")
    func blockOutOfOrderIsRefused() {
        let names = ["a", "b"]
        let stored = UserDayBlock.encode(ordered: [
            UserDayBlock.Entry(user: 0, activity: UserActivity(events: 1, first: 0, last: 0)),
            UserDayBlock.Entry(user: 1, activity: UserActivity(events: 2, first: 0, last: 0)),
        ])
        var marks: [Int32] = []
        let placed = stored.withUnsafeBytes {
            UserDayLate.placed(late: [:], delta: [0: UserActivity(events: 1, first: 5, last: 5)], in: $0, UserDayBlock.Order(names, sorting: 0), marks: &marks)
        }
        #expect(placed == nil)
    }
}
