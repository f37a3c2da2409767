import Foundation
import Testing

/// The ingest daemon when PostgreSQL goes away under it (issue 17): its connections are cut and new
/// ones refused, as while the server restarts. Clients get 503 with Retry-After, never a lost
/// acknowledged event, and the daemon writes again once the server takes connections.
@Suite("PostgreSQL outage under the ingest daemon", .serialized)
struct PostgresOutageTests {
    /// Four clients posting until `stop` is set (never Task.cancel: cancelling URLSession requests
    /// can deadlock FoundationNetworking); a refusal is recorded and retried after 100 ms.
    static func load(_ client: TestClient, acknowledged: Acknowledged, refusals: Refusals, stop: LoadFinished) -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                for clientIndex in 0..<4 {
                    group.addTask {
                        for n in 0..<100_000 {
                            if await stop.value { return }
                            let user = "o\(clientIndex)-\(n)"
                            guard let answer = try? await client.track(PostgresDaemonTests.event(n, user: user)) else { return }
                            if answer.status == 200, let id = answer.json["id"] as? Int {
                                await acknowledged.add(id: id, user: user)
                            } else {
                                await refusals.add(status: answer.status, retryAfter: answer.header("Retry-After"))
                                try? await Task.sleep(for: .milliseconds(100))
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("connections cut and refused mid-load: 503 with Retry-After, no acknowledged event lost, writing again after")
    func outageMidLoad() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let daemon = try await DaemonProcess.launch(
                ["--db", database.url, "--cache", directory.path("cache.db")], logDirectory: directory)
            let client = TestClient(port: daemon.port)
            let acknowledged = Acknowledged()
            let refusals = Refusals()
            let stop = LoadFinished()
            let load = Self.load(client, acknowledged: acknowledged, refusals: refusals, stop: stop)
            #expect(await eventually(timeout: .seconds(30)) { await acknowledged.count >= 200 })
            // The outage: no new connections, the open ones cut.
            try database.psqlAdmin("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS false")
            try database.psqlAdmin(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database.name)'")
            let refused = await eventually(timeout: .seconds(30)) { await refusals.count >= 1 }
            #expect(refused, "no request was refused while PostgreSQL refused connections")
            let before = await acknowledged.count
            try database.psqlAdmin("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS true")
            let recovered = await eventually(timeout: .seconds(60)) { await acknowledged.count >= before + 100 }
            #expect(recovered, "the daemon did not write again after the server took connections")
            await stop.set()
            await load.value
            let unexpected = await refusals.unexpected
            #expect(unexpected.isEmpty, "refusals other than 503 with Retry-After: \(unexpected.prefix(5))")
            let acked = await acknowledged.all
            let stored = Set(try database.rows("SELECT user_id FROM events"))
            let lost = acked.values.filter { !stored.contains($0) }
            #expect(lost.isEmpty, "acknowledged but not in PostgreSQL: \(lost.prefix(10))")
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit()?.status == 0)
        }
    }
}

/// The non-2xx answers a load got.
actor Refusals {
    private(set) var count = 0
    /// Those that were not 503 with a Retry-After header.
    private(set) var unexpected: [String] = []

    func add(status: Int, retryAfter: String?) {
        count += 1
        if status != 503 || retryAfter == nil { unexpected.append("\(status) Retry-After: \(retryAfter ?? "none")") }
    }
}
