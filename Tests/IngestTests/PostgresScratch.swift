import Foundation
import Testing

/// A PostgreSQL database of its own for one test on the test server (`ESPICE_TEST_POSTGRES_URL`,
/// password in `PGPASSWORD`, as `scripts/start-postgres.sh` prints them): created, handed to the
/// test, dropped. Without the server the test fails, it is not skipped. `psql` reads the
/// database independently of the code under test.
struct PostgresScratch: Sendable {
    /// `postgres://USER@HOST:PORT/NAME` of this test's database.
    let url: String
    let host: String
    let port: Int
    let user: String
    let name: String
    /// The server's own database (the test URL's), for statements about this one.
    var adminDatabase = "postgres"

    static func with<T>(_ body: (PostgresScratch) async throws -> T) async throws -> T {
        let server = try #require(
            ProcessInfo.processInfo.environment["ESPICE_TEST_POSTGRES_URL"],
            "ESPICE_TEST_POSTGRES_URL is not set: run `eval \"$(scripts/start-postgres.sh)\"` (make test does)")
        let components = try #require(URLComponents(string: server))
        let host = try #require(components.host)
        let user = try #require(components.user)
        let serverDatabase = String(components.path.dropFirst())
        let port = components.port ?? 5432
        let name = "espice_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = PostgresScratch(url: server, host: host, port: port, user: user, name: serverDatabase)
        try admin.psql("CREATE DATABASE \(name)")
        let scratch = PostgresScratch(
            url: "postgres://\(user)@\(host):\(port)/\(name)", host: host, port: port, user: user, name: name,
            adminDatabase: serverDatabase)
        defer { _ = try? admin.psql("DROP DATABASE \(name) WITH (FORCE)") }
        return try await body(scratch)
    }

    /// The rows `sql` returns, one line each, columns separated by `|`.
    func rows(_ sql: String) throws -> [String] {
        try psql(sql).split(separator: "\n").map(String.init)
    }

    /// Runs `sql` in the server's own database (what cannot run inside this one).
    @discardableResult
    func psqlAdmin(_ sql: String) throws -> String {
        try PostgresScratch(url: url, host: host, port: port, user: user, name: adminDatabase).psql(sql)
    }

    @discardableResult
    func psql(_ sql: String) throws -> String {
        let result = try runIn(
            FileManager.default.temporaryDirectory.path, "/usr/bin/psql",
            ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String(port), "-U", user, "-d", name, "-c", sql])
        guard result.status == 0 else { throw DaemonProcessError("psql failed on \(sql): \(result.errors)") }
        return result.output.trimmingCharacters(in: .newlines)
    }
}

/// Runs a program in `directory` to completion, with `environment` added to this process's:
/// exit status, standard output and error.
func runIn(_ directory: String, _ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
    status: Int32, output: String, errors: String
) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let errorText = Thread.detachedRead(errors.fileHandleForReading)
    let printed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: printed, as: UTF8.self), errorText.wait())
}

extension Thread {
    /// Reads a pipe to its end on a thread of its own (a chatty child must never block on it).
    static func detachedRead(_ handle: FileHandle) -> PendingText {
        let pending = PendingText()
        Thread.detachNewThread { pending.finish(String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)) }
        return pending
    }
}

/// Text read on another thread, waited for once.
final class PendingText: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var text = ""

    func finish(_ value: String) {
        text = value
        done.signal()
    }

    func wait() -> String {
        done.wait()
        return text
    }
}
