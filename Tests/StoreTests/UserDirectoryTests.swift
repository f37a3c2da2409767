import Foundation
import GRDB
import Model
@testable import Store
import Testing

@Suite("The rollups' user directory")
struct UserDirectoryTests {
    let temp = TemporaryDirectory()

    /// `ru_users` as SQL reads it: number → (id, first time).
    static func stored(_ db: Database) throws -> [Int: (String, Int64)] {
        var out: [Int: (String, Int64)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT number, user_id, first_ts FROM ru_users") {
            out[row[0]] = (row[1], row[2])
        }
        return out
    }

    @Test("a directory loaded from the table keeps each user's number, numbers new users after the last, and lowers first times")
    func loadedDirectoryNumbersAndLowers() throws {
        let store = try TestStore.open(temp.path("directory.db"))
        try store.write { db in
            // Numbers with a hole (3), as a table edited by hand could have; ids of every kind.
            let users: [(Int, String, Int64)] = [(0, "alice", 100), (1, "山田太郎", 200), (2, "e\u{301}", 300), (4, "\u{E9}", 400)]
            for (number, id, first) in users {
                try db.execute(
                    sql: "INSERT INTO ru_users (number, user_id, first_ts) VALUES (?, ?, ?)", arguments: [number, id, first])
            }
            var directory = try UserDirectory.load(db)
            let numbers = try directory.record(
                ["\u{E9}", "bob", "alice", "e\u{301}", "山田太郎", "carol", "bob"], firsts: [450, 50, 90, 310, 150, 60, 40], db)
            // Known users keep their numbers (the composed and decomposed é are two users); bob
            // and carol get 5 and 6, after the largest number; bob met twice is one user, first at 40.
            #expect(numbers == [4, 5, 0, 2, 1, 6, 5])
            #expect(directory.names == ["alice", "山田太郎", "e\u{301}", "", "\u{E9}", "bob", "carol"])
            let rows = try Self.stored(db)
            #expect(rows.count == 6)
            // Lowered where earlier (alice 100 → 90, 山田太郎 200 → 150), kept where not (é, e + ́).
            let expected: [Int: (String, Int64)] = [
                0: ("alice", 90), 1: ("山田太郎", 150), 2: ("e\u{301}", 300), 4: ("\u{E9}", 400),
                5: ("bob", 40), 6: ("carol", 60),
            ]
            for (number, row) in expected {
                #expect(rows[number]?.0 == row.0 && rows[number]?.1 == row.1, "user \(number)")
            }
            // A directory loaded again finds everyone by the same number.
            var again = try UserDirectory.load(db)
            #expect(try again.record(["carol", "\u{E9}", "bob", "dave"], firsts: [70, 500, 50, 10], db) == [6, 4, 5, 7])
        }
    }
}
