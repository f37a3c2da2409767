import Foundation
import Testing

/// The ingest daemon while its PostgreSQL server really restarts under load (issue 17). The shared
/// test server cannot be restarted, so the test runs a server of its own (``PostgresOwnServer``).
@Suite("PostgreSQL server restart under the ingest daemon", .serialized)
struct PostgresRestartTests {
    /// Four clients posting one event each request, each with a user of its own, until `stop`
    /// is set (never Task.cancel: cancelling URLSession requests can deadlock
    /// FoundationNetworking). After a refusal or a transport error a client waits 100 ms.
    static func load(_ client: TestClient, answers: RestartAnswers) -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                for clientIndex in 0..<4 {
                    group.addTask {
                        for n in 0..<1_000_000 {
                            guard let phase = await answers.phaseIfRunning else { return }
                            let user = "r\(clientIndex)-\(n)"
                            do {
                                let answer = try await client.track(PostgresDaemonTests.event(n, user: user))
                                let ok = await answers.add(answer, user: user, sentIn: phase)
                                if !ok { try? await Task.sleep(for: .milliseconds(100)) }
                            } catch {
                                await answers.transportFailed("\(error)", user: user)
                                try? await Task.sleep(for: .milliseconds(100))
                            }
                        }
                    }
                }
            }
        }
    }

    /// `pg_ctl restart -m fast`, then `stop`, 2 s down, `start`, each once the clients have 200
    /// events acknowledged since the last; returns the server's start time after the first.
    static func restartTwice(_ server: PostgresOwnServer, answers: RestartAnswers) async throws -> String {
        #expect(await eventually(timeout: .seconds(60)) { await answers.acknowledged(in: 0) >= 200 }, "no load before the restart")
        try server.restart()
        let restarted = try server.startTime()
        await answers.setPhase(1)
        let resumed = await eventually(timeout: .seconds(60)) { await answers.acknowledged(in: 1) >= 200 }
        #expect(resumed, "the daemon did not write again after pg_ctl restart")
        try server.stop()
        await answers.setPhase(2)
        try await Task.sleep(for: .seconds(2))
        try server.startAgain()
        await answers.setPhase(3)
        let resumedAgain = await eventually(timeout: .seconds(60)) { await answers.acknowledged(in: 3) >= 200 }
        #expect(resumedAgain, "the daemon did not write again after the server was stopped and started")
        return restarted
    }

    @Test("a real server restart mid-load (pg_ctl restart -m fast, then stop, 2 s down, start): only 2xx or 503 with Retry-After, no acknowledged event lost or doubled, writing again after each")
    func restartMidLoad() async throws {
        let server = try PostgresOwnServer.start()
        defer { server.remove() }
        let directory = TemporaryDirectory()
        let daemon = try await DaemonProcess.launch(
            ["--db", server.url, "--cache", directory.path("cache.db")],
            environment: ["PGPASSWORD": server.password], logDirectory: directory)
        let answers = RestartAnswers()
        let load = Self.load(TestClient(port: daemon.port), answers: answers)
        let started: String
        let restarted: String
        do {
            started = try server.startTime()
            restarted = try await Self.restartTwice(server, answers: answers)
        } catch {
            await answers.stop()  // the clients must not go on posting to a daemon the test gives up on
            await load.value
            throw error
        }
        await answers.stop()
        await load.value

        let startedAgain = try server.startTime()
        #expect(Set([started, restarted, startedAgain]).count == 3, "the server did not restart twice")
        let unexpected = await answers.unexpected
        #expect(unexpected.isEmpty, "answers other than 2xx or 503 with Retry-After: \(unexpected.prefix(5))")
        let acked = await answers.acknowledgedUsers
        let stored = try server.rows("SELECT user_id FROM events")
        let storedSet = Set(stored)
        let lost = acked.filter { !storedSet.contains($0) }
        #expect(lost.isEmpty, "\(lost.count) acknowledged but not in PostgreSQL: \(lost.prefix(10))")
        // Each request carries a user of its own and no client retries one: a user stored twice
        // would be a group committed twice.
        #expect(stored.count == storedSet.count, "\(stored.count - storedSet.count) events stored twice")
        let posted = await answers.postedUsers
        #expect(storedSet.isSubset(of: posted), "events in PostgreSQL that were never posted")
        // Writing resumes within moments of the server taking connections again, not after the
        // daemon's 10 s commit timeout (a query written to a closing connection went unanswered).
        for phase in [1, 3] {
            let wait = try #require(await answers.firstAcknowledgement(in: phase))
            #expect(wait < .seconds(5), "the first acknowledgement after restart \(phase == 1 ? 1 : 2) took \(wait)")
        }
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit()?.status == 0, "\(daemon.log.suffix(2_000))")
    }
}

/// Every answer of the restart load, by the phase the request was sent in: 0 before the first
/// restart, 1 after it, 2 while the server is stopped, 3 after it started again.
actor RestartAnswers {
    private(set) var phase = 0
    private var running = true
    private var phaseStarted: [Int: ContinuousClock.Instant] = [0: .now]
    private var firstAcknowledged: [Int: ContinuousClock.Instant] = [:]
    private var acknowledgedByPhase: [Int: Int] = [:]
    private(set) var acknowledgedUsers: [String] = []
    private(set) var postedUsers: Set<String> = []
    private(set) var refused = 0
    /// Answers that were not 2xx with an id, nor 503 with Retry-After; transport errors.
    private(set) var unexpected: [String] = []

    /// The phase to send in, or nil once the load should stop.
    var phaseIfRunning: Int? { running ? phase : nil }

    func setPhase(_ value: Int) {
        phase = value
        phaseStarted[value] = .now
    }
    func stop() { running = false }
    func acknowledged(in phase: Int) -> Int { acknowledgedByPhase[phase, default: 0] }

    /// From the start of `phase` to the first acknowledgement of a request sent in it.
    func firstAcknowledgement(in phase: Int) -> Duration? {
        guard let start = phaseStarted[phase], let first = firstAcknowledged[phase] else { return nil }
        return first - start
    }

    /// Records one answer; false when it was not an acknowledgement.
    func add(_ answer: Answer, user: String, sentIn phase: Int) -> Bool {
        postedUsers.insert(user)
        if (200..<300).contains(answer.status), answer.json["id"] is Int {
            acknowledgedByPhase[phase, default: 0] += 1
            if firstAcknowledged[phase] == nil { firstAcknowledged[phase] = .now }
            acknowledgedUsers.append(user)
            return true
        }
        if answer.status == 503, answer.header("Retry-After") != nil {
            refused += 1
        } else {
            unexpected.append("\(answer.status) Retry-After: \(answer.header("Retry-After") ?? "none") \(answer.text.prefix(200))")
        }
        return false
    }

    /// Records a request that got no answer (its event may or may not be stored).
    func transportFailed(_ error: String, user: String) {
        postedUsers.insert(user)
        unexpected.append("transport error: \(error)")
    }
}
