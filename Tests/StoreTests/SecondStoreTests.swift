import Foundation
import Model
import Store
import Testing

/// Opening a second store on a file that one in the same process has open must not touch the
/// file outside SQLite: closing any descriptor of a file drops all of a process's POSIX locks on
/// it, and another process closing its connection would then delete the WAL that the first
/// store still writes to.
@Suite("a second store on the same file")
struct SecondStoreTests {
    /// `sqlite3 DB SQL`'s output, run as another process would.
    static func sqlite3(_ path: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func events(_ count: Int, from start: Int) -> [TrackedEvent] {
        (0..<count).map { TrackedEvent(eventType: "page_view", userId: "u\(start + $0)", timestamp: june1Noon + Int64(start + $0)) }
    }

    @Test("commits made after a second store opened reach other processes")
    func commitsStayVisible() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("a.db")
        let first = try TestStore.open(path)
        try first.insert(Self.events(10, from: 0))
        let second = try TestStore.open(path)
        #expect(try Self.sqlite3(path, "SELECT count(*) FROM events") == "10")  // another process opens and closes
        try first.insert(Self.events(5, from: 10))
        #expect(try Self.sqlite3(path, "SELECT count(*) FROM events") == "15")
        try second.insert(Self.events(1, from: 15))
        #expect(try Self.sqlite3(path, "SELECT count(*) FROM events") == "16")
    }
}
