import Foundation
import Model
import Store
import Testing

/// The daemon against a hostile client (HostileClientScript, raw sockets on 127.0.0.1, bounded):
/// slow headers and bodies, more connections than file descriptors, deep, huge and malformed
/// JSON, header injection and path traversal through names. Each gets a clear 4xx or is
/// neutralised, a well-behaved client keeps being answered meanwhile, and every event it was
/// acknowledged is stored exactly once.
@Suite("hostile clients against the live daemon", .serialized)
struct HostileClientTests {
    struct Outcome {
        var json: [String: Any]
        func status(_ key: String) -> Int? { json[key] as? Int }
        func list(_ key: String) -> [Any] { json[key] as? [Any] ?? [] }
    }

    static func run(_ mode: String, port: Int) async throws -> Outcome {
        let python = try #require(which("python3"), "python3 is needed")
        let result = try await runProgramOffPool(python, ["-c", HostileClientScript.source, String(port), mode])
        try #require(result.status == 0, "the hostile client failed: \(result.output)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return Outcome(json: try #require(object, "no JSON from the hostile client: \(result.output)"))
    }

    /// The well-behaved client was answered throughout, and each event acknowledged to it is
    /// stored once, under the id it was given.
    /// While the daemon has no descriptor left (`duringFlood`), new connections wait or fail: then
    /// only what was acknowledged is checked.
    static func checkBystander(_ outcome: Outcome, database: String, daemon: DaemonProcess, duringFlood: Bool = false) async throws {
        let bystander = try #require(outcome.json["bystander"] as? [String: Any])
        let acknowledged = try #require(bystander["acknowledged"] as? [[Any]])
        #expect(acknowledged.count >= 10, "the well-behaved client got too few answers")
        if !duringFlood {
            #expect((bystander["failures"] as? [String]) == [], "the well-behaved client was refused")
            // Generous for a loaded 2-core CI machine; the p99 goal of docs/benchmarks.md is 25 ms idle.
            #expect((bystander["max"] as? Double ?? 99) < 5, "latencies \(bystander)")
        }
        daemon.signal(SIGTERM)
        let exit = try #require(await daemon.waitForExit(), "the daemon did not stop")
        #expect(exit.status == 0)
        let stored = try AnalyticsStore(path: database, logger: TestDaemon.logger).events(limit: 100_000)
        var byUser: [String: [Int64]] = [:]
        for event in stored where event.eventType == "bystander" { byUser[event.userId ?? "", default: []].append(event.id) }
        for pair in acknowledged {
            let id = Int64(pair[0] as? Int ?? -1)
            let user = pair[1] as? String ?? ""
            #expect(byUser[user] == [id], "\(user): acknowledged as \(id), stored as \(byUser[user] ?? [])")
        }
        #expect(byUser.values.allSatisfy { $0.count == 1 }, "an event stored twice")
    }

    @Test("slow, deep, huge, malformed and injected requests get 4xx or are neutralised; the daemon keeps answering")
    func attacks() async throws {
        let directory = TemporaryDirectory()
        let database = directory.path("events.db")
        let daemon = try await DaemonProcess.launch(
            ["--db", database, "--idle-timeout", "2", "--body-timeout", "3"], logDirectory: directory)
        let outcome = try await Self.run("attacks", port: daemon.port)
        // Documents.
        #expect(outcome.status("deep_json") == 400)
        #expect(outcome.status("deep_batch") == 400)
        #expect(outcome.status("huge_json") == 413)
        #expect(outcome.status("huge_chunked") == 413)
        #expect(outcome.status("huge_batch") == 413)
        #expect(outcome.status("numbers_beyond_double") == 200)  // stored as received, the field absent
        #expect(outcome.status("timestamp_beyond_double") == 422)
        #expect(outcome.status("invalid_utf8") == 400)
        #expect(outcome.status("invalid_utf8_key") == 400)
        #expect(outcome.status("raw_nul") == 400)
        #expect(outcome.status("escaped_nul") == 200)  // a user id may hold U+0000; stored exactly
        #expect(outcome.status("nul_in_type") == 422)
        #expect(outcome.status("lone_surrogate") == 400)
        #expect(outcome.status("garbage_request_line").map { (400..<500).contains($0) } ?? true)
        #expect(outcome.status("header_crlf_in_value").map { (400..<500).contains($0) } ?? true)
        // Names: slugs are plain, no header is added, bad recipients are refused.
        let dashboard = outcome.list("dashboard_crlf_name")
        #expect(dashboard.first as? Int == 200)
        #expect(dashboard.count == 3 && dashboard[1] as? String == "ops-set-cookie-evil-1-script" && dashboard[2] as? Bool == false)
        #expect(outcome.list("dashboard_traversal_name").last as? String == "tmp-espice-evil")
        #expect(outcome.list("report_crlf_name").last as? String == "weekly-bcc-evil-example-com")
        #expect(outcome.status("report_crlf_recipient") == 422)
        #expect(outcome.status("export_traversal") == 400)
        #expect(outcome.status("chart_traversal") == 400)
        #expect(outcome.status("dotdot_path") == 404)
        let export = outcome.list("export_crlf_range")
        #expect(export.first as? Int == 422 && export.last as? Bool == false)
        // Slow clients: closed by the idle timeout (2 s), trickled bodies answered 408.
        let slowHeaders = outcome.list("slow_headers_closed")
        #expect(slowHeaders.count == 20)
        #expect(slowHeaders.allSatisfy { ($0 as? Double).map { $0 < 10 } ?? false }, "slow headers: \(slowHeaders)")
        let slowBodies = outcome.list("slow_bodies")
        #expect(slowBodies.count == 12)
        #expect(slowBodies.allSatisfy { $0 as? Int == 408 || $0 is NSNull }, "slow bodies: \(slowBodies)")
        #expect(slowBodies.contains { $0 as? Int == 408 })
        #expect((outcome.json["silent_body_closed"] as? Double).map { $0 < 10 } ?? false)
        try await Self.checkBystander(outcome, database: database, daemon: daemon)
        // The escaped NUL and the numbers beyond Double were stored exactly as sent. The bytes are
        // read with Python's sqlite3: GRDB's String reading (the store's events()) stops at a NUL.
        let python = try #require(which("python3"))
        let query = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("SELECT hex(user_id) FROM events WHERE event_type = 'hostile_nul'").fetchone()[0])
            print(db.execute("SELECT event_data FROM events WHERE event_type = 'hostile_numbers'").fetchone()[0])
            """
        let read = try await runProgramOffPool(python, ["-c", query, database])
        let lines = read.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "610062")  // a, U+0000, b
        #expect(lines.last?.contains(#""processing_time_ms": 1e400"#) == true)
        let stored = try AnalyticsStore(path: database, logger: TestDaemon.logger).events(limit: 100_000)
        let numbers = try #require(stored.first { $0.eventType == "hostile_numbers" })
        #expect(numbers.processingTimeMs == nil && numbers.fileSizeMb == nil)  // beyond Double: absent
    }

    @Test("more connections than file descriptors: the daemon survives and answers again when they go")
    func connectionFlood() async throws {
        let directory = TemporaryDirectory()
        let database = directory.path("events.db")
        let daemon = try await DaemonProcess.launch(["--db", database], fileLimit: 96, logDirectory: directory)
        let outcome = try await Self.run("flood", port: daemon.port)
        #expect((outcome.json["opened"] as? Int ?? 0) + (outcome.json["refused"] as? Int ?? 0) == 400)
        #expect(outcome.status("after") == 200, "\(outcome.json)")
        #expect(daemon.process.isRunning)
        try await Self.checkBystander(outcome, database: database, daemon: daemon, duringFlood: true)
    }
}
