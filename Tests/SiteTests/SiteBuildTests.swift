import Foundation
import Logging
import Model
import Site
import Store
import Testing

@Suite("Static site build")
struct SiteBuildTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Templates").standardizedFileURL.path
    static let asOf = Timestamp.parse("2026-11-28T00:00:00Z")!

    /// A temporary directory with a database of a few hand-written events.
    struct Workspace {
        let directory: URL
        /// Removes ``directory`` when the last copy of the workspace goes away.
        private let cleanup: WorkspaceCleanup
        var database: String { directory.appendingPathComponent("a.db").path }
        var output: String { directory.appendingPathComponent("site").path }

        init(events: [TrackedEvent]) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
            cleanup = WorkspaceCleanup(directory)
            let store = try AnalyticsStore(path: directory.appendingPathComponent("a.db").path, logger: Logger(label: "test"))
            try store.insert(events)
        }

        func options(templates: String = SiteBuildTests.templates) -> BuildOptions {
            BuildOptions(databasePath: database, outputPath: output, templatesPath: templates, asOf: SiteBuildTests.asOf, ranges: ["1d", "7d"])
        }

        func read(_ path: String) throws -> String {
            try String(contentsOfFile: output + "/" + path, encoding: .utf8)
        }
    }

    static let events = [
        TrackedEvent(
            eventType: "document_processed", serviceName: "pdf-service", userId: "<script>alert(1)</script>",
            timestamp: asOf - 3_600_000, fields: EventFields(processingTimeMs: 1500)),
        TrackedEvent(eventType: "processing_error", serviceName: "ocr-service", userId: "山田太郎", timestamp: asOf - 7_200_000),
    ]

    @Test("a build publishes every page, export and API mirror file of SPEC §6")
    func layout() async throws {
        let workspace = try Workspace(events: Self.events)
        let summary = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        #expect(summary.reports == 8)
        for path in [
            "index.html", "history/index.html", "assets/style.css", "api/analytics/summary.json",
            "api/analytics/metrics/processing/7d.json", "api/analytics/metrics/business.json",
            "reports/processing_performance/7d/index.html", "reports/processing_performance/7d/processing_performance-7d.json",
            "reports/user_activity/1d/user_activity-1d.csv",
        ] {
            #expect(FileManager.default.fileExists(atPath: workspace.output + "/" + path), "missing \(path)")
        }
        let processing = try JSONSerialization.jsonObject(with: Data(try workspace.read("api/analytics/metrics/processing/7d.json").utf8)) as? [String: Any]
        #expect(processing?["total_processed"] as? Int == 1 && processing?["success_rate"] as? Double == 50.0)
        let summaryJSON = try JSONSerialization.jsonObject(with: Data(try workspace.read("api/analytics/summary.json").utf8)) as? [String: Any]
        #expect((summaryJSON?["summary"] as? [String: Any])?["active_users"] as? Int == 2)
        // The JSON downloads are compact: one line, the report model within.
        let download = try workspace.read("reports/processing_performance/7d/processing_performance-7d.json")
        #expect(!download.contains("\n") && download.hasPrefix("{\"data\":{"), "\(download.prefix(80))")
        let model = try JSONSerialization.jsonObject(with: Data(download.utf8)) as? [String: Any]
        #expect((model?["metadata"] as? [String: Any])?["report_type"] as? String == "processing_performance")
    }

    @Test("user strings are escaped and every link is relative")
    func escapingAndLinks() async throws {
        let workspace = try Workspace(events: Self.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let page = try workspace.read("reports/user_activity/7d/index.html")
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("山田太郎"))
        for file in ["index.html", "reports/user_activity/7d/index.html", "history/index.html"] {
            let html = try workspace.read(file)
            let links = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(!links.isEmpty)
            for link in links {
                #expect(!link.hasPrefix("/") && !link.contains("://"), "\(file): absolute link \(link)")
            }
        }
    }

    @Test("a failed build leaves the previous site in place and cleans its staging directory")
    func failedBuildKeepsPreviousSite() async throws {
        let workspace = try Workspace(events: Self.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let before = try workspace.read("index.html")
        // Templates without the report page: the "pages" step fails.
        let broken = workspace.directory.appendingPathComponent("broken-templates")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.templates + "/layout.mustache", toPath: broken.path + "/layout.mustache")
        await #expect(throws: SiteError.self) {
            _ = try await SiteBuilder(options: workspace.options(templates: broken.path), logger: Logger(label: "test")).run()
        }
        #expect(try workspace.read("index.html") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.directory.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
        let runs = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test")).recentRuns(kind: "build")
        #expect(runs.first?.status == "failed" && runs.first?.errors.first?.contains("pages") == true)
    }

    @Test("a second build while one holds the lock is refused")
    func lock() async throws {
        let workspace = try Workspace(events: Self.events)
        let lockPath = workspace.directory.appendingPathComponent(".site.lock").path
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        await #expect(throws: SiteError.self) {
            _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        }
    }
}

extension SiteBuildTests {
    @Test("files whose content did not change keep their modification time")
    func unchangedFilesKeepMtime() async throws {
        let workspace = try Workspace(events: Self.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let path = workspace.output + "/reports/processing_performance/7d/processing_performance-7d.csv"
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let after = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(after == old)
        // The history page changes on every build, so it gets a new time.
        let history = try FileManager.default.attributesOfItem(atPath: workspace.output + "/history/index.html")[.modificationDate] as? Date
        #expect(history != old)
    }
}

/// Collects progress calls from a build.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(String, Int, Int)] = []
    func add(_ step: String, _ number: Int, _ total: Int) { lock.lock(); entries.append((step, number, total)); lock.unlock() }
    var all: [(String, Int, Int)] { lock.lock(); defer { lock.unlock() }; return entries }
}

extension SiteBuildTests {
    @Test("progress names every step in order, numbered out of the total")
    func progress() async throws {
        let workspace = try Workspace(events: Self.events)
        let log = ProgressLog()
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test"), progress: log.add).run()
        let entries = log.all
        #expect(entries.map(\.0) == ["refresh rollups", "compute reports", "charts", "exports", "api mirror", "pages", "assets", "manifest"])
        #expect(entries.map(\.1) == Array(1...8) && entries.allSatisfy { $0.2 == 8 })
    }
}

/// Removes a workspace's temporary directory when the last copy of it goes away.
final class WorkspaceCleanup: Sendable {
    let url: URL

    init(_ url: URL) { self.url = url }

    deinit { try? FileManager.default.removeItem(at: url) }
}
