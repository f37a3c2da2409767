import Foundation
import Logging
import Model
import Store
import Synchronization
import Testing

/// Where a report test's events are stored (issue 17: the report-figure tests run on both
/// backends with the same fixtures and expected figures).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The events in the fixture's SQLite file, as `make demo` keeps them.
    case sqlite
    /// The events in a PostgreSQL database of the test's own, read through the builder's
    /// SQLite cache as `report --db postgres://…` does.
    case postgres

    var testDescription: String { rawValue }
}

/// A PostgreSQL database of one report test on the test server (`ESPICE_TEST_POSTGRES_URL`, as
/// `scripts/start-postgres.sh` prints it): created with psql, written through
/// ``PostgresEventStore``, synced into the fixture's SQLite file with ``BuilderCache``, dropped
/// when the fixture goes. Without the server the test fails.
final class PostgresReportSource: Sendable {
    let store: PostgresEventStore
    let server: PostgresLocation
    let name: String

    init() throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["ESPICE_TEST_POSTGRES_URL"],
            "ESPICE_TEST_POSTGRES_URL is not set: run `eval \"$(scripts/start-postgres.sh)\"` (make test does)")
        server = try PostgresLocation(url: url)
        name = "espice_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try Self.psql(server, "CREATE DATABASE \(name)")
        let location = server.with(database: name)
        store = try blocking { try await PostgresEventStore.open(location, poolSize: 2, logger: Logger(label: "test")) }
    }

    deinit {
        let store = store
        _ = try? blocking { await store.close() }
        _ = try? Self.psql(server, "DROP DATABASE \(name) WITH (FORCE)")
    }

    /// Stores `events` in PostgreSQL (one group commit).
    func insert(_ events: [TrackedEvent]) throws {
        let store = store
        _ = try blocking { try await store.insert(events) }
    }

    /// Copies into `cache` what PostgreSQL committed since the last sync.
    func sync(into cache: AnalyticsStore) throws {
        let builder = BuilderCache(source: store, cache: cache)
        _ = try blocking { try await builder.sync() }
    }

    static func psql(_ location: PostgresLocation, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", location.host, "-p", String(location.port),
                             "-U", location.user, "-d", location.database, "-c", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql failed on \(sql)")
    }
}

/// Runs `body` to completion from synchronous test code: the report fixture's API is
/// synchronous, the PostgreSQL store's asynchronous.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            let value = try await body()
            result.withLock { $0 = .success(value) }
        } catch {
            result.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
