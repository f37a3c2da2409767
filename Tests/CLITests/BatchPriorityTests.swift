import Foundation
import Testing

/// Batch commands run as background work (nice 10 on Linux), so that an ingest daemon beside
/// them gets the CPU first; `ESPICE_PRIORITY=normal` keeps the usual priority.
@Suite("Batch priority")
struct BatchPriorityTests {
    /// The nice value of the thread that runs the import (a libdispatch worker, named after its
    /// priority: `….background-qos` or `….default-qos`), read from /proc while the import waits
    /// for its standard input; then the input is closed and the import ends with nothing to store.
    static func workerNice(_ cli: CLIRunner, environment: [String: String]) throws -> Int {
        let process = Process()
        process.executableURL = cli.executable
        process.arguments = ["import", "--db", cli.path("events.db"), "-"]
        process.currentDirectoryURL = cli.directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        let tasks = "/proc/\(process.processIdentifier)/task"
        for _ in 0..<400 {
            for thread in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
                let name = (try? String(contentsOfFile: "\(tasks)/\(thread)/comm", encoding: .utf8)) ?? ""
                guard name.hasSuffix("-qos\n") || name.hasSuffix("-qos"),
                    let stat = try? String(contentsOfFile: "\(tasks)/\(thread)/stat", encoding: .utf8),
                    let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 16,
                    let nice = Int(fields[16])  // field 19 of proc_pid_stat(5); fields[0] is field 3
                else { continue }
                return nice
            }
            usleep(25_000)
        }
        throw CLITestError("no worker thread of the import showed up in \(tasks)")
    }

    @Test("an import runs its threads at nice 10 by default, and at the usual priority with ESPICE_PRIORITY=normal")
    func importThreadsAreNiced() throws {
        let cli = try CLIRunner()
        #expect(try Self.workerNice(cli, environment: [:]) >= 10)
        // Unless this test itself runs at a lower priority than that, `normal` stays below 10.
        if getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) < 10 {
            #expect(try Self.workerNice(cli, environment: ["ESPICE_PRIORITY": "normal"]) < 10)
        }
    }

    @Test("an unknown ESPICE_PRIORITY is refused with a one-line error")
    func unknownPriority() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["db", "info", "--db", cli.path("events.db")], environment: ["ESPICE_PRIORITY": "fast"])
        #expect(result.status != 0)
        #expect(result.stderrLines == ["Error: ESPICE_PRIORITY must be background or normal (the CPU priority of batch commands), not 'fast'"])
    }
}
