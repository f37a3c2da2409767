import Foundation
import Model
import Store
import Testing

/// Read-only and full file systems, made real with mounts (root only): a clear error and never a
/// partial batch.
@Suite("read-only and full disks", .enabled(if: canMountAsRoot, "mounting file systems needs root"))
struct FileSystemFailureTests {
    let temp = TemporaryDirectory()

    /// Events with ~1 KiB of event_data each, so a few hundred fill a small disk.
    static func bulkyBatch(_ batch: Int, size: Int) -> [TrackedEvent] {
        (0..<size).map { index in
            let filler = String(repeating: "f", count: 1000)
            return TrackedEvent(
                eventType: "bulk", eventData: #"{"batch":\#(batch),"i":\#(index),"pad":"\#(filler)"}"#,
                timestamp: june1Noon + Int64(index))
        }
    }

    @Test("a full disk stops the import with a clear error; every stored batch is complete")
    func fullDisk() throws {
        let mountPoint = temp.path("tiny")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try #require(try run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]) == 0)
        defer { _ = try? run("/bin/umount", ["-l", mountPoint]) }

        let path = mountPoint + "/full.db"
        let batchSize = 100
        var committed = 0
        var failure: StoreError?
        do {
            let store = try TestStore.open(path)
            for batch in 0..<50 {  // 50 × 100 × ~1 KiB = ~5 MiB: far more than 1 MiB
                do {
                    try store.insert(Self.bulkyBatch(batch, size: batchSize))
                    committed += 1
                } catch {
                    failure = error
                    break
                }
            }
            let error = try #require(failure)
            guard case .diskFull(let named) = error else {
                Issue.record("expected diskFull, got \(error)")
                return
            }
            #expect(named == path)
            #expect(error.description == "\(path): disk full; the current batch was rolled back")
            #expect(committed > 0)
        }

        // Reopen in a fresh, roomy place to read: copy what survived off the full disk.
        let copy = temp.path("copy.db")
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
        }
        let reread = try TestStore.open(copy)
        let events = try reread.events(limit: 1_000_000)
        #expect(events.count == committed * batchSize)
        // Batches are whole: each committed batch number appears exactly batchSize times.
        var perBatch: [Int: Int] = [:]
        for event in events {
            let batch = event.eventData.split(separator: ",")[0].dropFirst(#"{"batch":"#.count)
            perBatch[Int(batch)!, default: 0] += 1
        }
        #expect(perBatch == Dictionary(uniqueKeysWithValues: (0..<committed).map { ($0, batchSize) }))
    }

    @Test("a database on a read-only mount is refused clearly, and nothing changes")
    func readOnly() throws {
        let source = temp.path("rw")
        let readOnly = temp.path("ro")
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
        do {
            let store = try TestStore.open(source + "/events.db")
            try store.insert([TrackedEvent(eventType: "before", timestamp: june1Noon)])
        }
        let before = try contents(source + "/events.db")
        try #require(try run("/bin/mount", ["--bind", source, readOnly]) == 0)
        defer { _ = try? run("/bin/umount", ["-l", readOnly]) }
        try #require(try run("/bin/mount", ["-o", "remount,ro,bind", readOnly]) == 0)

        let path = readOnly + "/events.db"
        do {
            let store = try TestStore.open(path)
            let error = try #require(throws: StoreError.self) {
                try store.insert([TrackedEvent(eventType: "after", timestamp: june1Noon)])
            }
            #expect(error.description.hasPrefix(path + ":"))
            #expect(error.description.contains("read-only"))
        } catch let error as StoreError {
            // Refused at open: equally fine, as long as it says so and names the file.
            #expect(error.description.hasPrefix(path + ":"))
            #expect(error.description.contains("read-only"))
        }
        #expect(try contents(source + "/events.db") == before)
        let reread = try TestStore.open(source + "/events.db")
        #expect(try reread.events().map(\.eventType) == ["before"])
    }
}
