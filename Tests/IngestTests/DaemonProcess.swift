import Foundation
import Testing

/// The built `espice-analytics` executable, run as a real daemon process: for signals and for
/// `kill -9`, which no in-process test can do.
final class DaemonProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let logPath: String

    /// `.build*/debug/espice-analytics`, beside the test bundle (`make test` builds both), or
    /// `ESPICE_ANALYTICS_BINARY`.
    static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["ESPICE_ANALYTICS_BINARY"] { return path }
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for directory in candidates {
            let path = directory.appendingPathComponent("espice-analytics").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw DaemonProcessError("espice-analytics not found beside \(runner.path); run swift build --build-tests first")
    }

    /// Starts `espice-analytics ingest --port 0 ARGS` and waits until it logs the port it bound;
    /// `fileLimit` lowers its limit of open file descriptors (`ulimit -n`).
    static func launch(
        _ arguments: [String], environment extra: [String: String] = [:], fileLimit: Int? = nil,
        logDirectory: TemporaryDirectory
    ) async throws -> DaemonProcess {
        let process = Process()
        let command = [try binary(), "ingest", "--host", "127.0.0.1", "--port", "0"] + arguments
        if let fileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\""] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        var environment = ProcessInfo.processInfo.environment
        environment["LOG_LEVEL"] = "info"
        environment["ANALYTICS_INGEST_TOKEN"] = nil
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let logPath = logDirectory.path("daemon-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardError = log
        process.standardOutput = log
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        // The log is read once more after the deadline: under a full parallel test run this task
        // may not be resumed for a long while, though the daemon is long up.
        while true {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("ingest listening") }),
                let range = line.range(of: #"port=\d+"#, options: .regularExpression),
                let port = Int(line[range].dropFirst(5))
            {
                return DaemonProcess(process: process, port: port, logPath: logPath)
            }
            if !process.isRunning {
                throw DaemonProcessError("the daemon exited with \(process.terminationStatus): \(text)")
            }
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw DaemonProcessError("the daemon did not report its port within 60 s")
    }

    private init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.port = port
        self.logPath = logPath
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits (bounded) for the process to exit; nil when it did not.
    func waitForExit(timeout: Duration = .seconds(60)) async -> (status: Int32, reason: Process.TerminationReason)? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return (process.terminationStatus, process.terminationReason)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

struct DaemonProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
