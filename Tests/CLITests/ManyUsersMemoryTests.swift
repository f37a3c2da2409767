import Foundation
import Testing

/// Issue 16: memory bounded with many distinct users. The fold and the 20 reports of 200,000
/// users run in a child process whose peak RSS is read by the kernel's accounting (Python's
/// `resource.getrusage(RUSAGE_CHILDREN)` in a fresh interpreter whose only child it is).
@Suite("Many users, bounded memory")
struct ManyUsersMemoryTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    /// Peak RSS allowed for the cold build. Issue 16's goal is ≤ 250 MB for a release build (the
    /// benchmark measures ~160 MB at 1M events × 200,000 users); this runs the debug build that
    /// `swift build --build-tests` makes, which measured 176–177 MiB here with malloc held to
    /// one arena per core, report threads no more than the cores and each range's window let go
    /// when its last report is done — 199–206 MiB before that, 242 MiB with 40-byte user-day
    /// rows copied into the report, and 431 MiB before the user lists were kept as numbers. The
    /// bound sits between the first two with room for the noise of two fold threads.
    static let boundKiB = 195 * 1024

    /// Peak RSS allowed for one user_activity report of the 200,000 users (debug build).
    static let singleReportBoundKiB = 120 * 1024

    /// Runs the CLI with `arguments` in a child of a fresh Python, which reports the child's exit
    /// status and peak RSS in KiB (`RUSAGE_CHILDREN`).
    func peakRSS(_ arguments: [String]) throws -> (status: Int, kib: Int) {
        let script = """
            import resource, subprocess, sys
            done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            sys.stderr.buffer.write(done.stderr)
            print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, cli.executable.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = text.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(fields.count == 2, "unexpected output: \(text)")
        return (fields[0], fields[1])
    }

    @Test("a cold build of 20 reports over 200,000 distinct users, in random arrival order, stays under 195 MiB (debug build)")
    func coldBuildOfManyUsersStaysBounded() throws {
        // 200,000 users with two or three events each over 90 days, written in an order that
        // is not time order (a multiplicative hash of the line number picks each event's time).
        let users = 200_000
        var lines: [String] = []
        lines.reserveCapacity(users * 3)
        let start = 1_756_598_400_000 as Int64  // 2025-08-31T00:00:00Z; as-of is 90 days later
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % bound
        }
        var expectedEvents = 0
        for user in 0..<users {
            for _ in 0..<(2 + Int(next(2))) {
                let time = start + Int64(next(90 * 86_400_000))
                let type = ["login", "document_processed", "feature_used"][Int(next(3))]
                lines.append(#"{"event_type":"\#(type)","user_id":"user-\#(user)","service_name":"svc-\#(user % 7)","timestamp":\#(time)}"#)
                expectedEvents += 1
            }
        }
        // Shuffle (Fisher–Yates with the same generator): arrival order unrelated to time or user.
        for index in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(index, Int(next(UInt64(index + 1)))) }
        try cli.write("events.ndjson", lines.joined(separator: "\n") + "\n")
        lines = []
        let imported = try cli.run(["import", "--db", "m.db", "events.ndjson"])
        #expect(imported.status == 0, "\(imported.stderr)")

        let (status, peak) = try peakRSS(["report", "all", "--range", "1d,7d,30d,90d,all", "--full",
            "--as-of", "2025-11-29T00:00:00Z", "--db", cli.path("m.db"), "-o", cli.path("out")])
        #expect(status == 0)
        #expect(peak > 0 && peak <= Self.boundKiB, "peak RSS \(peak) KiB over the bound of \(Self.boundKiB) KiB")

        // One report of every user, as a file or on standard output, is written in pieces: the
        // all-range user_activity JSON is about 75 MB here. Streamed, each run peaked at 84 MiB;
        // held whole in memory (as before), all three went over the bound.
        for output in [["-o", cli.path("single.json")], ["--format", "csv", "-o", cli.path("single.csv")], []] {
            let (status, peak) = try peakRSS(["report", "user_activity", "--range", "all", "--as-of", "2025-11-29T00:00:00Z",
                "--db", cli.path("m.db")] + output)
            #expect(status == 0)
            #expect(peak > 0 && peak <= Self.singleReportBoundKiB, "\(output): peak RSS \(peak) KiB over \(Self.singleReportBoundKiB) KiB")
        }

        // The build covered every user: the all-range user_activity report lists 200,000.
        let report = try Data(contentsOf: URL(fileURLWithPath: cli.path("out/user_activity-all.json")))
        let object = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["active_users"] as? Int == users)
        #expect((data["users"] as? [Any])?.count == users)
        #expect(data["total_activities"] as? Int == expectedEvents)
    }
}
