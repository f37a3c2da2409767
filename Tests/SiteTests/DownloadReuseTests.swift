import Foundation
import Logging
import Model
import Site
import Store
import Testing

/// A build links the downloads whose inputs did not change from the published site instead of
/// rendering them again; any change of their inputs renders them anew.
@Suite("Download reuse")
struct DownloadReuseTests {
    typealias Workspace = SiteBuildTests.Workspace
    static let downloads = ["json", "csv", "xlsx", "pdf"].map { "reports/processing_performance/7d/processing_performance-7d.\($0)" }

    static func inode(_ path: String) throws -> UInt64 {
        var status = stat()
        try #require(stat(path, &status) == 0, "cannot stat \(path)")
        return UInt64(status.st_ino)
    }

    @Test("a build with nothing changed keeps the published downloads and business mirror, the same files")
    func unchangedDownloadsAreLinked() async throws {
        let workspace = try Workspace(events: SiteBuildTests.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let kept = Self.downloads + ["api/analytics/metrics/business.json"]
        let before = try kept.map { try Self.inode(workspace.output + "/" + $0) }
        let manifest = try workspace.read(".espice-manifest.json")
        #expect(manifest.contains("reports/processing_performance/7d/processing_performance-7d"))
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let after = try kept.map { try Self.inode(workspace.output + "/" + $0) }
        #expect(before == after)
    }

    @Test("a new event, another as-of or another site title renders the downloads again")
    func changedInputsRenderAgain() async throws {
        let workspace = try Workspace(events: SiteBuildTests.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let first = try Self.inode(workspace.output + "/" + Self.downloads[2])
        let json = { try JSONSerialization.jsonObject(with: Data(try workspace.read(Self.downloads[0]).utf8)) as? [String: Any] }
        #expect((try json()?["data"] as? [String: Any])?["total_processed"] as? Int == 1)

        // One more processed event inside the 7d window: 2 processed now.
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.insert([
            TrackedEvent(
                eventType: "document_processed", serviceName: "pdf-service", userId: "u9",
                timestamp: SiteBuildTests.asOf - 86_400_000, fields: EventFields(processingTimeMs: 900))
        ])
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let second = try Self.inode(workspace.output + "/" + Self.downloads[2])
        #expect(second != first)
        #expect((try json()?["data"] as? [String: Any])?["total_processed"] as? Int == 2)

        var retitled = workspace.options()
        retitled.siteTitle = "Another title"
        _ = try await SiteBuilder(options: retitled, logger: Logger(label: "test")).run()
        #expect(try Self.inode(workspace.output + "/" + Self.downloads[2]) != second)

        var later = retitled
        later.asOf += 3_600_000
        _ = try await SiteBuilder(options: later, logger: Logger(label: "test")).run()
        let metadata = (try json()?["metadata"] as? [String: Any])
        #expect(metadata?["as_of"] as? String == "2026-11-28T01:00:00Z")
    }
}
