import Foundation
import Logging
import Model
import Store
import Testing

/// A fresh directory per test, removed when the test's suite instance goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("espice-store-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to a file inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum TestStore {
    static let logger = Logger(label: "store-tests")

    static func open(_ path: String) throws(StoreError) -> AnalyticsStore {
        try AnalyticsStore(path: path, logger: logger)
    }
}

/// 2025-06-01T12:00:00Z: 55 years (1970…2024) × 365 + 14 leap days (1972…2024) + 151 days
/// (January…May 2025) = 20 240 days, plus 12 h. Safely in the past for the 24 h future rule.
let june1Noon: Int64 = (55 * 365 + 14 + 31 + 28 + 31 + 30 + 31) * 86_400_000 + 12 * 3_600_000

/// Runs a program to completion; returns its exit status.
@discardableResult
func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Tests that mount file systems need root, and a machine that lets root mount (not every
/// container does): probed once with a tiny tmpfs.
let canMountAsRoot: Bool = {
    guard getuid() == 0 else { return false }
    let probe = FileManager.default.temporaryDirectory.appendingPathComponent("espice-mount-probe-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil,
        (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe])) == 0
    else { return false }
    _ = try? run("/bin/umount", [probe])
    return true
}()

/// The first `count` bytes of a file (or all of it), to prove it was left untouched.
func contents(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}
