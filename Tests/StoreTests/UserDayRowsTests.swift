import Foundation
@testable import Store
import Testing

@Suite("A window's user-day rows, packed")
struct UserDayRowsTests {
    /// Rows as windows make them (grouped by day), and as decoded lists make them (days in any
    /// order, a day coming back after others), with counts at and past 32 bits and negative ones.
    static func rows(seed: UInt64, count: Int, grouped: Bool) -> [UserDayRow] {
        var random = SeededRandom(seed: seed)
        var day = Int32(20_000)
        let edgeCounts: [Int64] = [0, 1, Int64(UInt32.max) - 1, Int64(UInt32.max), Int64(UInt32.max) + 1, .max, -1, .min]
        return (0..<count).map { _ in
            if grouped ? random.next() % 50 == 0 : random.next() % 3 == 0 {
                day = grouped ? day + Int32(1 + random.next() % 3) : Int32(19_990 + random.next() % 20)
            }
            let events = random.next() % 20 == 0 ? edgeCounts[Int(random.next() % UInt64(edgeCounts.count))] : Int64(random.next() % 500)
            return UserDayRow(user: Int32(random.next() % 70_000), day: day, events: events)
        }
    }

    @Test("packed rows read back as the rows appended, in order and by index", arguments: [(1, true), (2, true), (3, false), (4, false)] as [(UInt64, Bool)])
    func packedRowsReadBack(seed: UInt64, grouped: Bool) {
        let plain = Self.rows(seed: seed, count: 5_000, grouped: grouped)
        var packed = UserDayRows()
        packed.reserveCapacity(plain.count)
        for row in plain { packed.append(row) }
        #expect(packed.count == plain.count)
        #expect(Array(packed) == plain)
        #expect(plain.indices.allSatisfy { packed[$0] == plain[$0] })
        // A slice reads through the same index.
        #expect(Array(packed[1_000..<1_010]) == Array(plain[1_000..<1_010]))
        #expect(UserDayRows(plain).elementsEqual(plain))
    }

    @Test("an empty list has no rows and one row is its own run")
    func emptyAndSingle() {
        #expect(UserDayRows().isEmpty)
        #expect(Array(UserDayRows()) == [])
        let one = UserDayRow(user: 7, day: -3, events: Int64(UInt32.max))
        #expect(Array(UserDayRows([one])) == [one])
        #expect(UserDayRows([one])[0] == one)
    }

    @Test("rows appended a day at a time read back as the same rows appended one by one", arguments: [(5, true), (6, false)] as [(UInt64, Bool)])
    func dayAtATimeMatchesOneByOne(seed: UInt64, grouped: Bool) {
        // Days given in any order, and a day given twice in a row: its rows join one run.
        let plain = Self.rows(seed: seed, count: 5_000, grouped: grouped)
        var byDay = UserDayRows()
        var start = 0
        while start < plain.count {
            var end = start + 1
            while end < plain.count && plain[end].day == plain[start].day && end - start < 97 { end += 1 }
            let slice = Array(plain[start..<end])
            byDay.append(day: plain[start].day, users: slice.map(\.user)) { slice[$0].events }
            start = end
        }
        byDay.append(day: 1, users: []) { _ in 0 }
        #expect(byDay.count == plain.count)
        #expect(Array(byDay) == plain)
        #expect(plain.indices.allSatisfy { byDay[$0] == plain[$0] })
    }
}
