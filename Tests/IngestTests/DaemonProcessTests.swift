import Foundation
import Ingest
import Model
import Store
import Testing

@Suite("the espice-analytics ingest process")
struct DaemonProcessTests {
    @Test("SIGTERM with requests in flight: every one is answered 200 and stored, then exit 0", arguments: [SIGTERM, SIGINT])
    func gracefulSignal(signal: Int32) async throws {
        let directory = TemporaryDirectory()
        let database = directory.path("events.db")
        // A long commit window keeps the requests in flight until the signal arrives.
        let daemon = try await DaemonProcess.launch(["--db", database, "--commit-delay-ms", "30000"], logDirectory: directory)
        let client = TestClient(port: daemon.port)
        let count = 16
        let requests = Task {
            try await withThrowingTaskGroup(of: Answer.self) { group in
                for index in 0..<count {
                    group.addTask { try await client.track(#"{"event_type":"inflight","user_id":"u\#(index)"}"#) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let queued = try await eventually { (try await client.get("/health").json["queue_depth"] as? Int) == count }
        try #require(queued, "the requests never all reached the queue")
        daemon.signal(signal)
        let answers = try await requests.value
        #expect(answers.map(\.status) == Array(repeating: 200, count: count))
        let exit = try #require(await daemon.waitForExit(), "the daemon did not stop")
        #expect(exit.status == 0)
        #expect(exit.reason == .exit)
        let stored = try AnalyticsStore(path: database, logger: TestDaemon.logger).events()
        let answeredIds = answers.compactMap { $0.json["id"] as? Int }
        #expect(answeredIds.count == count)
        #expect(Set(stored.map { Int($0.id) }) == Set(answeredIds))
        #expect(Set(stored.compactMap(\.userId)) == Set((0..<count).map { "u\($0)" }))
        #expect(daemon.log.contains("ingest stopped"))
    }

    @Test("kill -9 under load from many clients loses no acknowledged event")
    func crash() async throws {
        let directory = TemporaryDirectory()
        let database = directory.path("events.db")
        let daemon = try await DaemonProcess.launch(["--db", database], logDirectory: directory)
        let client = TestClient(port: daemon.port)
        let acknowledged = Acknowledged()
        let clients = 16
        let perClientLimit = 2_000  // bounds the loop whatever happens
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for clientIndex in 0..<clients {
                    group.addTask {
                        for n in 0..<perClientLimit {
                            let user = "c\(clientIndex)-\(n)"
                            guard let answer = try? await client.track(#"{"event_type":"load","user_id":"\#(user)"}"#) else { return }
                            if answer.status == 200, let id = answer.json["id"] as? Int {
                                await acknowledged.add(id: id, user: user)
                            }
                        }
                    }
                }
            }
        }
        let loaded = await eventually(timeout: .seconds(60)) { await acknowledged.count >= 400 }
        daemon.signal(SIGKILL)
        await load.value
        try #require(loaded, "fewer than 400 events were acknowledged in 60 s")
        let exit = await daemon.waitForExit()
        #expect(exit?.reason == .uncaughtSignal)
        let acked = await acknowledged.all
        let stored = try AnalyticsStore(path: database, logger: TestDaemon.logger).events(limit: 1_000_000)
        let byId = Dictionary(uniqueKeysWithValues: stored.map { (Int($0.id), $0.userId) })
        let lost = acked.filter { byId[$0.key] != .some($0.value) }
        #expect(lost.isEmpty, "acknowledged but not stored: \(lost.prefix(10))")
        #expect(stored.count >= acked.count)
    }

    @Test("--config FILE sets the token and synchronous mode")
    func configFile() async throws {
        let directory = TemporaryDirectory()
        let configPath = directory.path("config.yaml")
        try "ingest:\n  token: file-token\n  synchronous: normal\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let daemon = try await DaemonProcess.launch(
            ["--db", directory.path("events.db"), "--config", configPath], logDirectory: directory)
        let client = TestClient(port: daemon.port)
        #expect(try await client.track(#"{"event_type":"x"}"#).status == 401)
        #expect(try await client.track(#"{"event_type":"x"}"#, headers: ["Authorization": "Bearer file-token"]).status == 200)
        #expect(daemon.log.contains("synchronous=normal"))
        #expect(!daemon.log.contains("file-token"))
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit()?.status == 0)
    }
}

actor Acknowledged {
    private(set) var all: [Int: String] = [:]
    var count: Int { all.count }
    func add(id: Int, user: String) { all[id] = user }
}
