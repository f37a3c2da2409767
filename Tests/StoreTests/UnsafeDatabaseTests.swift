import Foundation
import GRDB
import Model
@testable import Store
import Testing

/// Files that must be refused without being touched (issue 2, "Bad input").
@Suite("refusing files that are not ours")
struct UnsafeDatabaseTests {
    let temp = TemporaryDirectory()

    @Test("a file that is not SQLite is refused by name and left byte for byte", arguments: [
        "hello, world\n", "SQLite format 2 is not a thing\n", String(repeating: "x", count: 5000),
    ])
    func notSQLite(text: String) throws {
        let path = try temp.write("notes.db", text)
        let before = try contents(path)
        let error = try #require(throws: StoreError.self) { try TestStore.open(path) }
        guard case .notADatabase(let named) = error else {
            Issue.record("expected notADatabase, got \(error)")
            return
        }
        #expect(named == path)
        #expect(error.description == "\(path): not an SQLite database (file left untouched)")
        #expect(try contents(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    @Test("a database with a migration this version does not know is refused and left untouched")
    func newerSchema() throws {
        let path = temp.path("future.db")
        do {
            let store = try TestStore.open(path)
            try store.insert([TrackedEvent(eventType: "x", timestamp: june1Noon)])
            try store.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999-from-the-future')")
            }
        }
        // The last connection closed: the WAL is checkpointed into the main file.
        let before = try contents(path)
        let error = try #require(throws: StoreError.self) { try TestStore.open(path) }
        guard case .newerSchema(let named, let unknown) = error else {
            Issue.record("expected newerSchema, got \(error)")
            return
        }
        #expect(named == path)
        #expect(unknown == ["9999-from-the-future"])
        #expect(error.description.hasPrefix("\(path): created by a newer version"))
        #expect(error.description.contains("9999-from-the-future"))
        #expect(try contents(path) == before)
    }

    @Test("a directory in place of the database file is refused, naming the path")
    func directory() throws {
        let path = temp.path("dir.db")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let error = try #require(throws: StoreError.self) { try TestStore.open(path) }
        #expect(error.description.hasPrefix(path + ":"))
    }
}
