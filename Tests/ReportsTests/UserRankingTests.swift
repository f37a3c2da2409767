import Foundation
import Model
@testable import Reports
@testable import Store
import Testing

@Suite("Ranking a window's users")
struct UserRankingTests {
    /// Ids made to tie and to share prefixes: ASCII of both cases, digits, a prefix of another
    /// id, non-Latin and decomposed text (which sort by bytes, not by Unicode).
    static let pieces = ["a", "B", "b", "z", "Z", "0", "9", "é", "e\u{301}", "山", "ß", "_", " ", "~"]

    static func id(_ random: inout SeededRandom) -> String {
        (0..<Int(random.next() % 4)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    /// The reference: events descending, then the ids' UTF-8 bytes compared one by one (a shorter
    /// id before a longer one it begins).
    static func reference(_ names: [String], _ totals: [UserActivity], limit: Int?) -> [String] {
        let ranked = names.indices.filter { totals[$0].events > 0 }.sorted { lhs, rhs in
            if totals[lhs].events != totals[rhs].events { return totals[lhs].events > totals[rhs].events }
            return Array(names[lhs].utf8).lexicographicallyPrecedes(Array(names[rhs].utf8))
        }
        return (limit.map { Array(ranked.prefix($0)) } ?? ranked).map { names[$0] }
    }

    @Test(
        "users rank by events descending, then id by bytes, as a plain sort of their bytes does", arguments: [1, 2, 3, 4, 5])
    func usersRankAsTheReferenceDoes(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        // Distinct by bytes: "xé" and "xe" + U+0301 are two users (a `Set<String>` would keep one).
        var names = Set<UTF8Key>()
        while names.count < 400 {
            names.insert(UTF8Key(Self.id(&random) + (random.next() % 3 == 0 ? "" : String(random.next() % 50))))
        }
        let ids = names.map(\.text).shuffled(using: &random)
        // Few distinct counts (0 to 4, 0 is inactive): most users tie with many others.
        let totals = ids.map { _ in UserActivity(events: Int64(random.next() % 5), first: 1, last: 2) }
        var data = WindowData(window: TimeWindow(start: 0, end: 1), aggregates: Aggregates(), newUsers: 0)
        data.userNames = ids
        data.userTotals = totals
        let users = UserTotals(data)
        // Compared as bytes: `String` equality would pass two equivalent ids in either order.
        for limit in [nil, 10, 1, 399] as [Int?] {
            let expected = Self.reference(ids, totals, limit: limit).map { Array($0.utf8) }
            #expect(users.ranked(limit: limit).map { Array(ids[$0].utf8) } == expected)
        }
        #expect(users.ranked().count == totals.filter { $0.events > 0 }.count)
    }
}

extension UserRankingTests {
    @Test(
        "the k-th largest count is the k-th of all counts sorted, for small and large k", arguments: [1, 2, 10, 64, 65, 300])
    func kthLargestCount(k: Int) {
        var random = SeededRandom(seed: UInt64(k))
        for size in [k, k + 1, 1_000] {
            // Many repeated counts, and negative ones (never stored, but the selection must not care).
            let counts = (0..<size).map { _ in Int64(random.next() % 40) - 5 }
            #expect(UserTotals.largest(k, of: counts) == counts.sorted(by: >)[k - 1], "k \(k), \(size) counts")
        }
    }
}
