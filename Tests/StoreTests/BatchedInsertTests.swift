import Foundation
import GRDB
@testable import Store
import Testing

@Suite("Rows inserted many to a statement")
struct BatchedInsertTests {
    let temp = TemporaryDirectory()

    @Test("the statement lists one group of parameters per row, then the conflict clause")
    func statementText() {
        #expect(BatchedInsert.sql("t", columns: 2, rows: 3) == "INSERT INTO t VALUES (?, ?), (?, ?), (?, ?)")
        #expect(BatchedInsert.sql("t (a)", columns: 1, rows: 1, "ON CONFLICT DO NOTHING") == "INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING")
    }

    @Test("every row lands once, in the order added, whether it filled a run or was left over", arguments: [1, 4, 10, 11, 64])
    func rowsLandInOrder(rowsPerRun: Int) throws {
        let queue = try DatabaseQueue(path: temp.path("batched-\(rowsPerRun).db"))
        // Ten rows of every kind of value: two full runs of four and two left over, at 4.
        let rows: [(Int64, String?, Double, [UInt8])] = (0..<10).map { n in
            (Int64(n) * 1_000_000_007, n % 3 == 0 ? nil : (n == 4 ? "" : "v\(n) é"), Double(n) / 4, Array(repeating: UInt8(n), count: n))
        }
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER, s TEXT, d REAL, b BLOB)")
            try BatchedInsert.rows(db, into: "t", columns: 4, rowsPerRun: rowsPerRun) { insert in
                for (i, s, d, b) in rows { try insert.add(.int(i), .text(s), .double(d), .blob(Data(b))) }
            }
            let stored = try Row.fetchAll(db, sql: "SELECT i, s, d, b, typeof(s) FROM t ORDER BY rowid")
            try #require(stored.count == rows.count)
            for (row, expected) in zip(stored, rows) {
                #expect(row[0] as Int64 == expected.0)
                #expect(row[1] as String? == expected.1)
                #expect(row[4] as String == (expected.1 == nil ? "null" : "text"))  // "" stays text
                #expect(row[2] as Double == expected.2)
                #expect([UInt8](row[3] as Data? ?? Data()) == expected.3)
            }
        }
    }

    @Test("an upsert adds a key met twice, within one run and across runs")
    func upsertAddsRepeatedKeys() throws {
        let queue = try DatabaseQueue(path: temp.path("upsert.db"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE h (slot INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try db.execute(sql: "INSERT INTO h VALUES (7, 100)")
            try BatchedInsert.rows(db, into: "h", columns: 2, onConflict: "ON CONFLICT (slot) DO UPDATE SET n = n + excluded.n", rowsPerRun: 3) { insert in
                // Runs of three: (1, 7, 1) then (2, 7, 3), then (7) left over.
                for (slot, n) in [(1, 1), (7, 2), (1, 4), (2, 8), (7, 16), (3, 32), (7, 64)] as [(Int64, Int64)] {
                    try insert.add(.int(slot), .int(n))
                }
            }
            let stored = try Row.fetchAll(db, sql: "SELECT slot, n FROM h ORDER BY slot").map { "\($0[0] as Int):\($0[1] as Int)" }
            // By hand: 1 → 1 + 4; 2 → 8; 3 → 32; 7 → 100 + 2 + 16 + 64.
            #expect(stored == ["1:5", "2:8", "3:32", "7:182"])
        }
    }

    @Test("rows waiting are written when asked, before a statement that reads them")
    func flushOnDemand() throws {
        let queue = try DatabaseQueue(path: temp.path("flush.db"))
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (i INTEGER)")
            var seen: [Int] = []
            try BatchedInsert.rows(db, into: "t", columns: 1, rowsPerRun: 4) { insert in
                for i in 1...6 {
                    try insert.add(.int(Int64(i)))
                    seen.append(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") ?? -1)
                }
                try insert.flush()
                seen.append(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") ?? -1)
            }
            // Nothing until the fourth row fills a run; the two after it wait for the flush.
            #expect(seen == [0, 0, 0, 4, 4, 4, 6])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 6)
        }
    }
}
