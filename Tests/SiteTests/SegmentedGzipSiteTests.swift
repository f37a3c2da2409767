import Foundation
import Logging
import Model
import Store
import Testing

@testable import Site

/// A site built on two nights: the second night's gzip copies reuse the first night's
/// segments, read back as their files, and are the copies a build from nothing makes.
@Suite("segmented gzip copies in the site")
struct SegmentedGzipSiteTests {
    static let day: Int64 = 86_400_000

    /// 2,500 users a day, each once, on the `days` days before `end`.
    static func events(days: Range<Int>, before end: Int64) -> [TrackedEvent] {
        days.flatMap { day in
            (0..<2_500).map { user in
                TrackedEvent(
                    eventType: "page_view", serviceName: "web-ui", userId: "user-\((user * 7 + day * 13) % 4_000)",
                    timestamp: end - Int64(day + 1) * Self.day + Int64(user) * 30_000)
            }
        }
    }

    /// Collects the `reused` figure of each "gzip copy in segments" message, by path.
    final class ReuseLog: LogHandler, @unchecked Sendable {
        private let lock = NSLock()
        private var reused: [String: (reused: Int, bytes: Int)] = [:]
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.message.description == "gzip copy in segments", let metadata = event.metadata,
                let path = metadata["path"]?.description, let used = Int(metadata["reused"]?.description ?? ""),
                let bytes = Int(metadata["bytes"]?.description ?? "")
            else { return }
            lock.withLock { reused[path] = (used, bytes) }
        }

        var figures: [String: (reused: Int, bytes: Int)] { lock.withLock { reused } }
    }

    @Test("the next night's copies reuse the unchanged days and equal copies made from nothing")
    func nightAfterNight() async throws {
        let workspace = try SiteBuildTests.Workspace(events: Self.events(days: 0..<5, before: SiteBuildTests.asOf))
        var options = workspace.options()
        options.only = [.userActivity]
        options.ranges = ["7d"]
        options.precompressMinimumBytes = 10_000
        options.gzipSegmenting = GzipSegmenting(threshold: 100_000, minimum: 8 << 10, boundaryBits: 13, maximum: 64 << 10)
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()

        // The next day's events, and the build a day later.
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.insert(Self.events(days: 0..<1, before: SiteBuildTests.asOf + Self.day))
        options.asOf += Self.day
        let log = ReuseLog()
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test") { _ in log }).run()

        let base = "reports/user_activity/7d/user_activity-7d."
        let figures = log.figures
        let fresh = try SegmentedGzipTests.Folder()
        for ext in ["json", "csv"] {
            let path = workspace.output + "/" + base + ext
            let figure = try #require(figures[base + ext + ".gz"], "no segmented copy of the \(ext)")
            #expect(figure.bytes > 100_000)
            // Four of the six days are the same as the night before (the users list is not).
            #expect(figure.reused > figure.bytes / 3, "\(ext): \(figure.reused) of \(figure.bytes) reused")
            #expect(try SegmentedGzipTests.pythonGunzip(path + ".gz") == SegmentedGzipTests.bytes(path))
            // A copy of the same file made from nothing is the same bytes.
            try FileManager.default.copyItem(atPath: path, toPath: fresh.path("file." + ext))
            let made = try Precompression.compress(fresh.path("file." + ext), minimumBytes: 10_000, sizes: options.gzipSegmenting)
            #expect(made.written && made.reusedBytes == 0)
            #expect(try SegmentedGzipTests.bytes(fresh.path("file." + ext + ".gz")) == SegmentedGzipTests.bytes(path + ".gz"))
        }
        let manifest = try workspace.read(ExportManifest.fileName)
        #expect(manifest.contains("\"" + base + "json.gz\""))
    }
}
