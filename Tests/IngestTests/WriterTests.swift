import Foundation
import Ingest
import Model
import Store
import Testing

@Suite("writer: group commit, bounded queue, drain, disk failure")
struct WriterTests {
    /// Queue depth as /health reports it.
    static func queueDepth(_ daemon: TestDaemon) async throws -> Int {
        try await daemon.client.get("/health").json["queue_depth"] as? Int ?? -1
    }

    @Test("concurrent requests share transactions: 40 requests, far fewer commits, each answered with its own id")
    func groupCommit() async throws {
        let daemon = try await TestDaemon.start { $0.writer.maxCommitDelay = .milliseconds(300) }
        let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
            for index in 0..<40 {
                group.addTask { try await daemon.client.track(#"{"event_type":"e","user_id":"u\#(index)"}"#) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.status == 200 })
        let ids = answers.compactMap { $0.json["id"] as? Int }
        #expect(Set(ids) == Set(1...40))
        let stored = try daemon.storedEvents()
        #expect(stored.count == 40)
        // Each answer's id holds that request's event.
        let byId = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.userId) })
        #expect(Set(byId.values.compactMap { $0 }) == Set((0..<40).map { "u\($0)" }))
        let metrics = try await daemon.client.get("/metrics").text
        let commits = metrics.split(separator: "\n").first { $0.hasPrefix("espice_ingest_commit_events_count ") }
        let count = try #require(commits.flatMap { Int($0.split(separator: " ")[1]) })
        #expect(count < 40)
        try await daemon.stop()
    }

    /// Without a commit window each commit loop ends as soon as the queue is empty, and the next
    /// request starts another: waves of requests meet loops ending and starting.
    @Test("waves of requests with no commit window are each answered once, with ids that hold their events")
    func wavesWithoutWindow() async throws {
        let daemon = try await TestDaemon.start()
        let waves = 15
        let perWave = 24
        var ids: [Int: String] = [:]
        for wave in 0..<waves {
            let answers = try await withThrowingTaskGroup(of: (String, Answer).self) { group in
                for index in 0..<perWave {
                    let user = "w\(wave)-\(index)"
                    group.addTask { (user, try await daemon.client.track(#"{"event_type":"wave","user_id":"\#(user)"}"#)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (user, answer) in answers {
                #expect(answer.status == 200)
                let id = try #require(answer.json["id"] as? Int)
                #expect(ids.updateValue(user, forKey: id) == nil, "id \(id) answered twice")
            }
        }
        #expect(ids.count == waves * perWave)
        try await daemon.stop()
        let stored = try daemon.storedEvents()
        #expect(stored.count == waves * perWave)
        for event in stored { #expect(ids[Int(event.id)] == event.userId) }
    }

    @Test("a full queue answers 503 with Retry-After; the queued requests still get 200")
    func saturated() async throws {
        // A commit window far longer than the test: the two queued events stay queued until the
        // shutdown below cuts it short, however slow the machine is.
        let daemon = try await TestDaemon.start {
            $0.writer.queueCapacity = 2
            $0.writer.maxCommitDelay = .seconds(60)
        }
        async let first = daemon.client.track(#"{"event_type":"first"}"#)
        async let second = daemon.client.track(#"{"event_type":"second"}"#)
        let queued = try await eventually { try await Self.queueDepth(daemon) == 2 }
        try #require(queued)
        let refused = try await daemon.client.track(#"{"event_type":"third"}"#)
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        #expect((refused.json["detail"] as? String)?.contains("queue is full") == true)
        try await daemon.stop()
        let answered = try await [first, second]
        #expect(answered.map(\.status) == [200, 200])
        #expect(Set(try daemon.storedEvents().map(\.eventType)) == ["first", "second"])
    }

    @Test("batch requests beyond the concurrent-batch limit wait their turn instead of piling up in memory")
    func batchSlots() async throws {
        let daemon = try await TestDaemon.start {
            $0.concurrentBatches = 1
            $0.writer.maxCommitDelay = .seconds(30)
        }
        let path = "/api/analytics/track/batch"
        async let first = daemon.client.post(path, #"[{"event_type":"a"},{"event_type":"a"}]"#)
        async let second = daemon.client.post(path, #"[{"event_type":"b"},{"event_type":"b"},{"event_type":"b"}]"#)
        let oneQueued = try await eventually { try await Self.queueDepth(daemon) > 0 }
        try #require(oneQueued)
        try await Task.sleep(for: .milliseconds(500))
        // One batch (2 or 3 events) waits in the 30 s commit window holding the only slot; the
        // other waits for the slot, its body unread: never 5 queued at once.
        let depth = try await Self.queueDepth(daemon)
        #expect(depth == 2 || depth == 3, "queue depth \(depth)")
        // Shutdown cuts the window short; the waiting batch then gets the slot and commits too.
        try await daemon.stop()
        let answers = try await [first, second]
        #expect(answers.map(\.status) == [200, 200])
        #expect(try daemon.storedEvents().count == 5)
    }

    @Test("graceful shutdown commits and answers every accepted request")
    func drain() async throws {
        let daemon = try await TestDaemon.start { $0.writer.maxCommitDelay = .seconds(30) }
        let count = 12
        let requests = Task {
            try await withThrowingTaskGroup(of: Answer.self) { group in
                for index in 0..<count {
                    group.addTask { try await daemon.client.track(#"{"event_type":"inflight","user_id":"u\#(index)"}"#) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let queued = try await eventually { try await Self.queueDepth(daemon) == count }
        try #require(queued)
        let started = ContinuousClock.now
        try await daemon.stop()
        // The 30 s commit window is cut short by the shutdown.
        #expect(ContinuousClock.now - started < .seconds(20))
        let answers = try await requests.value
        #expect(answers.map(\.status) == Array(repeating: 200, count: count))
        let ids = Set(answers.compactMap { $0.json["id"] as? Int })
        #expect(ids == Set(1...count))
        #expect(try daemon.storedEvents().count == count)
    }

    @Test("a reader in another process holding a snapshot open never makes ingest fail")
    func concurrentReader() async throws {
        let daemon = try await TestDaemon.start()
        _ = try await daemon.client.track(#"{"event_type":"before"}"#)
        // A read transaction held open (as `build` holds one) for as long as ingest goes on: the
        // sqlite3 shell reads its commands from a pipe, and the transaction ends only when the
        // test sends the rest.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: try #require(which("sqlite3"), "sqlite3 is installed by scripts/install-deps.sh"))
        reader.arguments = [daemon.databasePath]
        let input = Pipe()
        let output = Pipe()
        reader.standardInput = input
        reader.standardOutput = output
        try reader.run()
        input.fileHandleForWriting.write(Data("BEGIN;\nSELECT count(*) FROM events;\n".utf8))
        let printed = Task.detached { () -> Data in
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: output.fileHandleForReading.readDataToEndOfFile()) }.start()
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        var statuses: [Int] = []
        for _ in 0..<50 { statuses.append(try await daemon.client.track(#"{"event_type":"during"}"#).status) }
        let overlapped = reader.isRunning
        input.fileHandleForWriting.write(Data("SELECT count(*) FROM events;\nCOMMIT;\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: await printed.value, as: UTF8.self)
        _ = await eventually { !reader.isRunning }
        #expect(statuses == Array(repeating: 200, count: 50))
        #expect(overlapped, "the reader's transaction ended before ingest did")
        // Its snapshot saw the one event before, both times.
        #expect(text.split(separator: "\n") == ["1", "1"])
        #expect(try daemon.storedEvents().count == 51)
        try await daemon.stop()
    }

    @Test("a full disk answers 503 (never 200), health turns degraded, and every acknowledged event is stored",
        .enabled(if: runningAsRoot, "mounting a small file system needs root"))
    func diskFull() async throws {
        let directory = TemporaryDirectory()
        let mountPoint = directory.path("tiny")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try #require(try runProgram("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]).status == 0)
        defer { try? runProgram("/bin/umount", ["-l", mountPoint]) }
        let daemon = try await TestDaemon.start(directory: directory, databaseName: "tiny/events.db")
        let padding = String(repeating: "f", count: 1000)
        var acknowledged: [Int: Int] = [:]
        var refusal: Answer?
        for index in 0..<200 {  // 200 × 60 KiB = 12 MiB: far more than 1 MiB
            let events = (0..<60).map { #"{"event_type":"bulk","user_id":"r\#(index)-\#($0)","event_data":{"pad":"\#(padding)"}}"# }
            let answer = try await daemon.client.post("/api/analytics/track/batch", "[" + events.joined(separator: ",") + "]")
            if answer.status == 200 {
                acknowledged[index] = (answer.json["ids"] as? [Int])?.count
            } else {
                refusal = answer
                break
            }
        }
        let refused = try #require(refusal)
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") != nil)
        #expect((refused.json["detail"] as? String)?.contains("cannot be written") == true)
        #expect(!acknowledged.isEmpty)
        // Straight after the failure, before any commit succeeds: degraded.
        let health = try await daemon.client.get("/health")
        #expect(health.status == 503)
        #expect(health.json["status"] as? String == "degraded")
        #expect((health.json["database"] as? [String: Any])?["state"] as? String == "failing")
        // A small event may still fit in what the rolled-back batch freed: 200 only if stored.
        let single = try await daemon.client.track(#"{"event_type":"bulk","user_id":"single"}"#)
        #expect(single.status == 200 || single.status == 503)
        try await daemon.stop()
        // What survived: every acknowledged batch, whole.
        let copy = directory.path("copy.db")
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: daemon.databasePath + suffix) {
            try FileManager.default.copyItem(atPath: daemon.databasePath + suffix, toPath: copy + suffix)
        }
        let stored = try AnalyticsStore(path: copy, logger: TestDaemon.logger).events(limit: 1_000_000)
        #expect(stored.filter { $0.userId == "single" }.count == (single.status == 200 ? 1 : 0))
        var perBatch: [Int: Int] = [:]
        for event in stored where event.userId != "single" {
            let batch = event.userId.flatMap { Int($0.dropFirst().split(separator: "-")[0]) }
            perBatch[batch ?? -1, default: 0] += 1
        }
        #expect(perBatch == acknowledged)
    }
}
