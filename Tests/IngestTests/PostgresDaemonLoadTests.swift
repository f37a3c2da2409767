import Foundation
import Testing

/// Two real `ingest` daemons on one PostgreSQL database under concurrent load (issue 17's
/// acceptance): incremental `report` runs during the load end with psql's figures and with every
/// figure of an independent recomputation (``Recomputation``), and `kill -9`
/// of one daemon loses no acknowledged event.
@Suite("PostgreSQL: two ingest daemons", .serialized)
struct PostgresDaemonLoadTests {
    /// Starts a daemon on `database` with a builder cache of its own in `directory`.
    static func daemon(_ database: PostgresScratch, _ name: String, in directory: TemporaryDirectory) async throws -> DaemonProcess {
        try await DaemonProcess.launch(
            ["--db", database.url, "--cache", directory.path("cache-\(name).db")], logDirectory: directory)
    }

    /// Posts events from `clients` tasks, alternating between the daemons, until `stop` says so or
    /// `perClient` are sent; records every 2xx answer by the event's unique user. With a `halfway`
    /// gate, each client waits at half its events until the gate is open.
    static func load(
        _ daemons: [DaemonProcess], clients: Int, perClient: Int, acknowledged: Acknowledged,
        halfway: LoadFinished? = nil,
        stop: @escaping @Sendable () async -> Bool = { false }
    ) -> Task<Void, Never> {
        let testClients = daemons.map { TestClient(port: $0.port) }
        return Task {
            await withTaskGroup(of: Void.self) { group in
                for clientIndex in 0..<clients {
                    group.addTask {
                        let client = testClients[clientIndex % testClients.count]
                        for n in 0..<perClient {
                            if await stop() { return }
                            if n == perClient / 2, let halfway {
                                while await !halfway.value { try? await Task.sleep(for: .milliseconds(10)) }
                            }
                            let index = clientIndex * perClient + n
                            let user = "c\(clientIndex)-\(n)"
                            guard let answer = try? await client.track(PostgresDaemonTests.event(index, user: user)) else { return }
                            if (200..<300).contains(answer.status), let id = answer.json["id"] as? Int {
                                await acknowledged.add(id: id, user: user)
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("events posted through two daemons while incremental reports run end with psql's counts and the recomputed reports")
    func twoDaemonsAndIncrementalReports() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let first = try await Self.daemon(database, "a", in: directory)
            let second = try await Self.daemon(database, "b", in: directory)
            let acknowledged = Acknowledged()
            // The clients pause at half their events until a report run has seen some of them, so
            // that at least one run falls inside the load however the two cores are shared (report
            // runs at background priority and the daemons do not); later runs overlap the second half.
            let halfway = LoadFinished()
            let load = Self.load([first, second], clients: 8, perClient: 300, acknowledged: acknowledged, halfway: halfway)
            // Incremental report runs on the builder's cache while the daemons write.
            let finished = LoadFinished()
            Task { await load.value; await finished.set() }
            var runs = 0
            var midLoad = 0  // runs that saw part of the events: the report ran during the load
            while true {
                let over = await finished.value
                if runs >= 3 && over { break }
                let usage = try await Task.detached {
                    PostgresDaemonTests.featureUsage(
                        try PostgresDaemonTests.report(
                            "business_intelligence", db: database.url, in: directory,
                            extra: ["--cache", directory.path("builder.db")]))
                }.value
                let seen = usage.values.reduce(0, +)
                #expect(seen <= 8 * 300)
                if seen > 0 && seen < 8 * 300 { midLoad += 1 }
                if seen > 0 { await halfway.set() }
                runs += 1
                if runs > 200 { break }
            }
            await halfway.set()  // never leave the clients waiting, whatever the runs saw
            await load.value
            let acked = await acknowledged.count
            #expect(acked == 8 * 300, "every event is acknowledged when nothing fails")
            let expected = try PostgresDaemonTests.countsByType(database)
            #expect(expected.values.reduce(0, +) == acked)
            let final = try PostgresDaemonTests.report(
                "business_intelligence", db: database.url, in: directory, extra: ["--cache", directory.path("builder.db")])
            #expect(PostgresDaemonTests.featureUsage(final) == expected)
            // The daemons' own read API, from their caches, agrees as well.
            for daemon in [first, second] {
                let answer = try await TestClient(port: daemon.port).post(
                    "/api/analytics/reports/generate",
                    #"{"report_type":"business_intelligence","time_range":"all","as_of":"\#(PostgresDaemonTests.asOf)"}"#)
                let data = answer.json["data"] as? [String: Any] ?? [:]
                #expect(PostgresDaemonTests.featureUsage(data) == expected, "\(answer.text.prefix(300))")
            }
            // Every figure of the four reports, recomputed in plain Python from the events as psql
            // shows them.
            let reference = try Recomputation.referenceDatabase(database, in: directory)
            for type in ["processing_performance", "business_intelligence", "error_analysis", "user_activity"] {
                for range in ["7d", "all"] {
                    let report = try runIn(
                        directory.url.path, try DaemonProcess.binary(),
                        ["report", type, "--db", database.url, "--cache", directory.path("builder.db"), "--range", range,
                         "--as-of", PostgresDaemonTests.asOf])
                    try #require(report.status == 0, "\(report.errors)")
                    let differences = try Recomputation.differences(
                        report.output, reference: reference, type: type, range: range, asOf: PostgresDaemonTests.asOf, in: directory)
                    #expect(differences.isEmpty, "\(type) \(range): \(differences.joined(separator: "; "))")
                }
            }
            first.signal(SIGTERM)
            second.signal(SIGTERM)
            #expect(await first.waitForExit()?.status == 0)
            #expect(await second.waitForExit()?.status == 0)
            #expect(runs >= 3)
            #expect(midLoad >= 1, "no report run overlapped the load")
        }
    }

    @Test("kill -9 of one of two daemons under load loses no acknowledged event")
    func killOneDaemon() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let victim = try await Self.daemon(database, "a", in: directory)
            let survivor = try await Self.daemon(database, "b", in: directory)
            let acknowledged = Acknowledged()
            let stop = LoadFinished()
            let load = Self.load([victim, survivor], clients: 16, perClient: 2_000, acknowledged: acknowledged) {
                await stop.value
            }
            let loaded = await eventually(timeout: .seconds(60)) { await acknowledged.count >= 600 }
            victim.signal(SIGKILL)
            // The survivor's clients go on for a moment after the kill, then everyone stops.
            try await Task.sleep(for: .milliseconds(500))
            await stop.set()  // never Task.cancel: cancelling URLSession requests can deadlock FoundationNetworking
            await load.value
            try #require(loaded, "fewer than 600 events were acknowledged in 60 s")
            #expect(await victim.waitForExit()?.reason == .uncaughtSignal)
            let acked = await acknowledged.all
            let stored = Set(try database.rows("SELECT user_id FROM events"))
            let lost = acked.values.filter { !stored.contains($0) }
            #expect(lost.isEmpty, "acknowledged but not in PostgreSQL: \(lost.prefix(10))")
            #expect(stored.count >= acked.count)
            // The survivor still takes events.
            let after = try await TestClient(port: survivor.port).track(PostgresDaemonTests.event(1, user: "after-kill"))
            #expect(after.status == 200)
            #expect(try database.rows("SELECT count(*) FROM events WHERE user_id = 'after-kill'") == ["1"])
            survivor.signal(SIGTERM)
            #expect(await survivor.waitForExit()?.status == 0)
        }
    }
}

/// Set once the load is over, or when it should stop.
actor LoadFinished {
    private(set) var value = false
    func set() { value = true }
}
