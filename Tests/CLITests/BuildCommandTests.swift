import Foundation
import Testing

@Suite("espice-analytics build", .serialized)
struct BuildCommandTests {
    /// Every file of a published site, by relative path.
    static func snapshot(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: root) ?? [] {
            var isDirectory: ObjCBool = false
            let full = root + "/" + path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return files
    }

    @Test("a second build is refused while one runs, and a build killed mid-way leaves the previous site byte-identical")
    func killAndLock() throws {
        let cli = try CLIRunner()
        let demo = try cli.run(["demo", "--events", "40000", "--days", "30", "--db", "d.db", "--no-site", "--as-of", "2026-11-28T00:00:00Z"])
        try #require(demo.status == 0, "\(demo.stderr)")
        let first = try cli.run(["build", "--db", "d.db", "--output", "site", "--as-of", "2026-11-27T12:00:00Z", "--quiet"])
        try #require(first.status == 0, "\(first.stderr)")
        let before = try Self.snapshot(cli.path("site"))
        #expect(before["index.html"] != nil)

        // A slow build (rollups rebuilt, another as-of) in the background...
        let slow = Process()
        slow.executableURL = cli.executable
        slow.arguments = ["build", "--db", "d.db", "--output", "site", "--as-of", "2026-11-28T00:00:00Z", "--full", "--quiet"]
        slow.currentDirectoryURL = cli.directory
        slow.standardOutput = FileHandle.nullDevice
        slow.standardError = FileHandle.nullDevice
        try slow.run()
        Thread.sleep(forTimeInterval: 0.5)
        // ...holds the lock: a second one exits at once, clearly.
        let second = try cli.run(["build", "--db", "d.db", "--output", "site", "--quiet"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("another build is publishing"), "\(second.stderr)")
        // Killed mid-way: nothing of it is visible.
        let wasRunning = slow.isRunning
        kill(slow.processIdentifier, SIGKILL)
        slow.waitUntilExit()
        try #require(wasRunning, "the build finished before it could be killed")
        #expect(try Self.snapshot(cli.path("site")) == before)

        // The next build publishes and cleans the dead build's staging directory.
        let third = try cli.run(["build", "--db", "d.db", "--output", "site", "--as-of", "2026-11-28T00:00:00Z", "--quiet"])
        #expect(third.status == 0, "\(third.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
        #expect(try Self.snapshot(cli.path("site")) != before)
    }
}
