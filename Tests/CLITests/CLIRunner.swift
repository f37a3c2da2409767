import Foundation
import Testing

/// Runs the built `espice-analytics` executable, which sits beside the test bundle
/// (`swift build --build-tests` builds both), in a fresh working directory per test.
final class CLIRunner: Sendable {
    /// The outcome of one run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    let directory: URL
    let executable: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("espice-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        executable = try Self.locateExecutable()
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// `ESPICE_ANALYTICS_BIN` when set, else `espice-analytics` in the test bundle's directory.
    static func locateExecutable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["ESPICE_ANALYTICS_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let bundle = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        var directory = bundle.deletingLastPathComponent()
        // On Linux the bundle is itself the test executable, directly in the build directory;
        // elsewhere it is a .xctest directory whose executable lies deeper.
        while !directory.path.isEmpty, directory.path != "/" {
            let candidate = directory.appendingPathComponent("espice-analytics")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            let name = directory.lastPathComponent
            guard name.hasSuffix(".xctest") || name == "Contents" || name == "MacOS" else { break }
            directory = directory.deletingLastPathComponent()
        }
        throw CLITestError("espice-analytics not found beside \(bundle.path); run swift build --build-tests")
    }

    /// A path in the working directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes a file in the working directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// Runs the executable with `arguments`. The original service's environment variables are
    /// removed unless given in `environment`, so the machine's settings cannot leak in.
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for name in ["DATABASE_PATH", "REPORT_STORAGE_PATH", "CACHE_TTL", "MAX_WORKERS", "LOG_LEVEL"] {
            env[name] = nil
        }
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        let errors = PipeCollector(err.fileHandleForReading)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors.wait(), as: UTF8.self))
    }
}

/// Reads a pipe to its end on another thread.
private final class PipeCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

struct CLITestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The repository's top level (this file is Tests/CLITests/CLIRunner.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

extension CLIRunner {
    /// `sqlite3 DB SQL` in the working directory (the CLI, not our code): its output lines.
    func sqlite3(_ db: String, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path(db), sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// `pdftotext -layout FILE -` (poppler, not our code): the document's text.
    func pdftotext(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-layout", path(file), "-"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLITestError("pdftotext \(file): exit \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
