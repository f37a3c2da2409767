import Foundation
import GRDB
@testable import Store
import Testing

/// The statement runner of the rollup merges (``RawInsert``).
@Suite("Raw inserts")
struct RawInsertTests {
    let temp = TemporaryDirectory()

    @Test("an insert binds an empty text as empty, not NULL, and keeps a NUL inside a text")
    func textBindsKeepTheirBytes() throws {
        let queue = try DatabaseQueue(path: temp.path("binds.db"))
        let stored = try queue.write { db -> [Row] in
            try db.execute(sql: "CREATE TABLE t (n INTEGER, v TEXT)")
            let insert = try RawInsert(db, "INSERT INTO t VALUES (?, ?)")
            for (index, text) in ["", "a\u{0}b", "Jürgen", nil].enumerated() { try insert.run(.int(Int64(index)), .text(text)) }
            return try Row.fetchAll(db, sql: "SELECT typeof(v), length(CAST(v AS BLOB)), hex(v) FROM t ORDER BY n")
        }
        #expect(stored.map { $0[0] as String } == ["text", "text", "text", "null"])
        #expect(stored.map { $0[1] as Int? } == [0, 3, 7, nil])
        #expect(stored[1][2] as String == "610062")
    }
}
