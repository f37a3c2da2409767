import Foundation
import GRDB
@testable import Store
import Testing

/// What the store's deletes leave in the file (``SecureDelete``): freed pages as they were, except
/// where raw events are pruned. Read back as the file's bytes after the store is closed (its last
/// connection checkpoints the WAL into the file and removes it).
@Suite("Secure delete")
struct SecureDeleteTests {
    let temp = TemporaryDirectory()

    /// 2,000 rows of ~200 bytes (about a hundred 4 KiB pages), each with `marker`.
    static func fill(_ db: Database, _ table: String, _ marker: String) throws {
        try db.execute(sql: "CREATE TABLE \(table) (x TEXT)")
        for index in 0..<2_000 {
            try db.execute(sql: "INSERT INTO \(table) VALUES (?)", arguments: ["\(marker)-\(index)-" + String(repeating: "x", count: 180)])
        }
    }

    /// How many times `text` occurs in the bytes of the file at `path`.
    static func occurrences(of text: String, in path: String) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let needle = Array(text.utf8)
        var count = 0
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], Array(bytes[index..<index + needle.count]) == needle {
                count += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return count
    }

    @Test("every connection of the store runs with secure_delete = FAST")
    func connectionsRunFast() throws {
        let store = try TestStore.open(temp.path("modes.db"))
        #expect(try store.pool.write { db in try SecureDelete.mode(db) } == 2)
        #expect(try store.pool.read { db in try SecureDelete.mode(db) } == 2)
        let inside = try store.pool.write { db in try SecureDelete.overwriting(db) { try SecureDelete.mode(db) } }
        #expect(inside == 1)
        #expect(try store.pool.write { db in try SecureDelete.mode(db) } == 2, "the store's mode is set again afterwards")
    }

    @Test("a table dropped by the store keeps its bytes in the freed pages; rows deleted while overwriting keep none")
    func droppedPagesStayAndOverwrittenRowsGo() throws {
        let path = temp.path("pages.db")
        do {
            let store = try TestStore.open(path)
            try store.pool.write { db in
                try Self.fill(db, "derived", "DERIVED")
                try Self.fill(db, "raw", "RAWROW")
                try Self.fill(db, "kept", "KEPTROW")
            }
            try store.pool.write { db in try db.execute(sql: "DROP TABLE derived") }
            try store.pool.write { db in try SecureDelete.overwriting(db) { try db.execute(sql: "DELETE FROM raw") } }
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "closing the store checkpointed the WAL into the file")
        // The control: rows nobody deleted are in the file, one copy each.
        #expect(try Self.occurrences(of: "KEPTROW-", in: path) == 2_000)
        // FAST leaves a dropped table's freed pages unwritten: their rows are still there, but
        // for a few on the page that became the freelist's trunk (written with the others'
        // numbers). With ON, SQLite's default in Debian's build, every one would be zeros.
        let derived = try Self.occurrences(of: "DERIVED-", in: path)
        #expect(derived > 1_900 && derived <= 2_000, "\(derived)")
        #expect(try Self.occurrences(of: "RAWROW-", in: path) == 0)
    }
}
