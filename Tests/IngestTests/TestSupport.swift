import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Ingest
import Logging
import Model
import Store
import Testing

/// A fresh directory per test, removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("espice-ingest-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// One HTTP answer, body parsed as JSON when it is JSON.
struct Answer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A small HTTP client over URLSession (FoundationNetworking on Linux), against 127.0.0.1.
struct TestClient: Sendable {
    let port: Int
    let session: URLSession

    init(port: Int) {
        self.port = port
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 60
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    func send(
        _ method: String, _ path: String, body: Data? = nil, contentType: String? = "application/json",
        headers: [String: String] = [:]
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }

    func post(_ path: String, _ json: String, contentType: String? = "application/json", headers: [String: String] = [:])
        async throws -> Answer
    {
        try await send("POST", path, body: Data(json.utf8), contentType: contentType, headers: headers)
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Answer {
        try await send("GET", path, contentType: nil, headers: headers)
    }

    func track(_ json: String, headers: [String: String] = [:]) async throws -> Answer {
        try await post("/api/analytics/track", json, headers: headers)
    }
}

/// A daemon running in this process on an ephemeral loopback port, with its own database.
struct TestDaemon: Sendable {
    let directory: TemporaryDirectory
    let running: RunningIngest
    let client: TestClient
    let databasePath: String
    var port: Int { running.port }

    static let logger: Logger = {
        var logger = Logger(label: "ingest-tests")
        logger.logLevel = .warning
        return logger
    }()

    static func start(
        directory: TemporaryDirectory = TemporaryDirectory(), databaseName: String = "events.db",
        _ adjust: (inout IngestConfiguration) -> Void = { _ in }
    ) async throws -> TestDaemon {
        var configuration = IngestConfiguration(databasePath: directory.path(databaseName))
        configuration.port = 0
        adjust(&configuration)
        let running = try await IngestDaemon.start(configuration, logger: logger)
        return TestDaemon(
            directory: directory, running: running, client: TestClient(port: running.port),
            databasePath: configuration.databasePath)
    }

    /// The stored events, read through a second connection (a reader, as `build` would be).
    func storedEvents() throws -> [StoredEvent] {
        try AnalyticsStore(path: databasePath, logger: Self.logger).events(limit: 1_000_000)
    }

    func stop() async throws { try await running.shutdown() }
}

/// Waits (bounded) until `condition` holds; false when it never did.
func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// 2025-06-01T12:00:00Z in epoch ms: 55 years × 365 days + 14 leap days (1972…2024) + 151 days
/// (January…May 2025) = 20 240 days, plus 12 hours.
let june1Noon: Int64 = (55 * 365 + 14 + 31 + 28 + 31 + 30 + 31) * 86_400_000 + 12 * 3_600_000

/// Runs a program to completion; returns its exit status and standard output.
@discardableResult
func runProgram(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (
    status: Int32, output: String
) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// ``runProgram(_:_:environment:)`` on a thread of its own: waiting for a child process must not
/// hold one of the few threads of Swift's cooperative pool, which also runs the in-process daemon.
func runProgramOffPool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil)
    async throws -> (status: Int32, output: String)
{
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try runProgram(executable, arguments, environment: environment))
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}

/// Finds a program on PATH.
func which(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

let runningAsRoot = getuid() == 0
