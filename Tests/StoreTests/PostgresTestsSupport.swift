import Foundation
import Model
import Store
import Testing

/// The PostgreSQL server of the tests: `ESPICE_TEST_POSTGRES_URL` (password in `PGPASSWORD`), as
/// `scripts/start-postgres.sh` prints them and `make test` sets them. Without it a test fails:
/// a missing server must not pass as a skipped test.
enum PostgresTestServer {
    static func location(sourceLocation: SourceLocation = #_sourceLocation) throws -> PostgresLocation {
        let url = try #require(
            ProcessInfo.processInfo.environment["ESPICE_TEST_POSTGRES_URL"],
            "ESPICE_TEST_POSTGRES_URL is not set: run `eval \"$(scripts/start-postgres.sh)\"` (make test does)",
            sourceLocation: sourceLocation)
        return try PostgresLocation(url: url)
    }
}

/// A database of its own for one test, created on the test server and dropped afterwards;
/// `psql` reads it independently of the store under test.
struct ScratchDatabase: Sendable {
    let location: PostgresLocation

    /// Runs `body` with a new empty database, then drops it (also when `body` throws).
    static func with<T>(_ body: (ScratchDatabase) async throws -> T) async throws -> T {
        let server = try PostgresTestServer.location()
        let name = "espice_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql(server, "CREATE DATABASE \(name)")
        let database = ScratchDatabase(location: server.with(database: name))
        do {
            let result = try await body(database)
            _ = try? psql(server, "DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            _ = try? psql(server, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Opens the store on this database, runs `body`, closes the store (also when `body` throws).
    func withStore<T>(poolSize: Int = 4, _ body: (PostgresEventStore) async throws -> T) async throws -> T {
        let store = try await PostgresEventStore.open(location, poolSize: poolSize, logger: TestStore.logger)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// The rows `sql` returns here, one line each, columns separated by `|`.
    func query(_ sql: String) throws -> [String] {
        try Self.psql(location, sql).split(separator: "\n").map(String.init)
    }

    /// Runs `sql` with psql (unaligned, tuples only, stop on error) and returns what it printed.
    @discardableResult
    static func psql(_ location: PostgresLocation, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [
            "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", location.host, "-p", String(location.port),
            "-U", location.user, "-d", location.database, "-c", sql,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PsqlFailure(sql: sql, message: String(decoding: complaint, as: UTF8.self))
        }
        return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    struct PsqlFailure: Error, CustomStringConvertible {
        let sql: String
        let message: String
        var description: String { "psql failed on \(sql): \(message)" }
    }
}

/// Reads every committed event from `cursor` on until a read returns nothing (caught up).
func drain(
    _ store: PostgresEventStore, from cursor: PostgresEventCursor, limit: Int = 10_000
) async throws -> (events: [StoredEvent], cursor: PostgresEventCursor) {
    var cursor = cursor
    var events: [StoredEvent] = []
    while true {
        let page = try await store.committedEvents(after: cursor, limit: limit)
        events += page.events
        cursor = page.cursor
        if page.events.isEmpty { return (events, cursor) }
    }
}

/// `count` varied events, deterministic: several types and services, some fields missing, text
/// with the characters COPY escapes (tab, newline, carriage return, backslash) and non-ASCII.
func postgresSampleEvents(count: Int, from start: Int64 = june1Noon, step: Int64 = 61_000) -> [TrackedEvent] {
    let types = ["document_processed", "error_occurred", "model_generated", "feature_used"]
    let texts: [String?] = [nil, "plain", "tab\there", "line\nbreak\r\n", "back\\slash \\N", "ünïcödé ✓", ""]
    return (0..<count).map { index in
        let type = types[index % types.count]
        let text = texts[index % texts.count]
        return TrackedEvent(
            eventType: type,
            eventData: "{\"n\":\(index),\"note\":\"\(index % 3 == 0 ? "a\\tb" : "c")\"}",
            serviceName: index % 5 == 0 ? nil : "service-\(index % 3)",
            userId: index % 4 == 0 ? nil : "user-\(index % 17)",
            timestamp: start + Int64(index) * step,
            fields: EventFields(
                deviceType: text, processingTimeMs: index % 6 == 0 ? nil : Double(index) * 1.25 + 0.1,
                fileSizeMb: index % 7 == 0 ? nil : 1e-7 * Double(index),
                errorType: type == "error_occurred" ? text : nil,
                errorMessage: type == "error_occurred" ? "failed: \(text ?? "?")" : nil,
                service: index % 9 == 0 ? "svc\t\(index)" : nil, modelComplexity: index % 2 == 0 ? "high" : nil,
                parametersExtracted: index % 3 == 0 ? Double(index % 50) : nil))
    }
}
