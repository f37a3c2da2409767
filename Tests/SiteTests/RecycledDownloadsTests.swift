import Foundation
import Logging
import Model
import Store
import Testing

@testable import Site

/// The site before the last is kept as `.site.recycle`, and the next build writes its downloads
/// over those files (``Recycler``, ``InPlaceFile``): what it publishes must be what a build from
/// nothing publishes, files that shrank cut to length, and a file the live site shares is never
/// written over.
@Suite("downloads written over the site before the last")
struct RecycledDownloadsTests {
    static let day: Int64 = 86_400_000
    static let base = "reports/user_activity/7d/user_activity-7d."
    static let formats = ["csv", "json", "xlsx", "csv.gz", "json.gz"]

    func options(_ workspace: SiteBuildTests.Workspace, output: String? = nil, asOf: Int64) -> BuildOptions {
        var options = workspace.options()
        if let output { options.outputPath = output }
        options.only = [.userActivity]
        options.ranges = ["7d"]
        options.asOf = asOf
        options.precompressMinimumBytes = 10_000
        options.gzipSegmenting = GzipSegmenting(threshold: 100_000, minimum: 8 << 10, boundaryBits: 13, maximum: 64 << 10)
        return options
    }

    func build(_ options: BuildOptions) async throws {
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
    }

    /// A workspace of `days` busy days before the as-of, and where its site before the last is kept.
    static func workspace(days: Int) throws -> (SiteBuildTests.Workspace, recycle: String) {
        let workspace = try SiteBuildTests.Workspace(events: SegmentedGzipSiteTests.events(days: 0..<days, before: SiteBuildTests.asOf))
        return (workspace, URL(fileURLWithPath: workspace.output).deletingLastPathComponent().appendingPathComponent(".site.recycle").path)
    }

    static func inode(_ path: String) -> UInt64? {
        var status = stat()
        return stat(path, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    /// The JSON without its `generated_at`, which differs from build to build.
    static func json(_ path: String) throws -> NSDictionary {
        let object = try #require(try JSONSerialization.jsonObject(with: SegmentedGzipTests.bytes(path)) as? [String: Any])
        var metadata = try #require(object["metadata"] as? [String: Any])
        metadata["generated_at"] = nil
        var trimmed = object
        trimmed["metadata"] = metadata
        return trimmed as NSDictionary
    }

    @Test("downloads written over the site before the last equal a build from nothing, shorter ones cut to length")
    func writtenOverEqualsFromNothing() async throws {
        let asOf = SiteBuildTests.asOf
        // Ten busy days, then quiet ones: the third night's 7-day window holds fewer rows than
        // the first night's, so the files it writes over are longer than what it writes.
        let (workspace, recycle) = try Self.workspace(days: 10)
        try await build(options(workspace, asOf: asOf))
        let first = try Self.formats.map { try SegmentedGzipTests.bytes(workspace.output + "/" + Self.base + $0) }
        try await build(options(workspace, asOf: asOf + Self.day))
        // The first night's site is kept, its files as they were published.
        for (format, bytes) in zip(Self.formats, first) {
            #expect(try SegmentedGzipTests.bytes(recycle + "/" + Self.base + format) == bytes, "\(format)")
        }
        let inodes = Self.formats.map { Self.inode(recycle + "/" + Self.base + $0) }

        try await build(options(workspace, asOf: asOf + 3 * Self.day))
        let fresh = workspace.directory.appendingPathComponent("fresh").path
        try await build(options(workspace, output: fresh, asOf: asOf + 3 * Self.day))
        for (index, format) in Self.formats.enumerated() {
            let path = workspace.output + "/" + Self.base + format
            // Written over: the first night's file, with this night's bytes.
            #expect(Self.inode(path) == inodes[index], "\(format) was not written over")
            let written = try SegmentedGzipTests.bytes(path)
            #expect(written.count < first[index].count, "\(format): \(written.count) bytes, \(first[index].count) before")
            if format == "json" {
                #expect(try Self.json(path) == Self.json(fresh + "/" + Self.base + format))
            } else if format.hasSuffix(".gz") {
                #expect(try SegmentedGzipTests.pythonGunzip(path) == SegmentedGzipTests.bytes(String(path.dropLast(3))))
            } else {
                #expect(written == (try SegmentedGzipTests.bytes(fresh + "/" + Self.base + format)), "\(format)")
            }
        }
        // The workbook's rows as openpyxl reads them (it refuses a file with bytes past its end).
        let rows = try SegmentedGzipTests.python("""
            import openpyxl, sys
            book = openpyxl.load_workbook(sys.argv[1], read_only=True)
            print(sum(1 for sheet in book.worksheets for _ in sheet.iter_rows()))
            """, workspace.output + "/" + Self.base + "xlsx")
        #expect(Int(String(decoding: rows, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 10_000)
    }

    @Test("a download the live site shares with the site before the last is never written over")
    func sharedFilesStay() async throws {
        let asOf = SiteBuildTests.asOf
        let (workspace, recycle) = try Self.workspace(days: 8)
        try await build(options(workspace, asOf: asOf))
        // Nothing new: the second build links the published downloads, so the site it swaps out
        // (kept as the recycle) and the live site share their files.
        try await build(options(workspace, asOf: asOf))
        let live = workspace.output + "/" + Self.base + "csv"
        #expect(Self.inode(live) == Self.inode(recycle + "/" + Self.base + "csv"))
        let published = try SegmentedGzipTests.bytes(live)
        // A new day: the live site must stay as it was while the next build runs, so the shared
        // files are not taken back; the site swapped out keeps its bytes.
        let store = try AnalyticsStore(path: workspace.database, logger: Logger(label: "test"))
        try store.insert(SegmentedGzipSiteTests.events(days: 0..<1, before: asOf + Self.day))
        try await build(options(workspace, asOf: asOf + Self.day))
        for format in Self.formats {
            #expect(Self.inode(workspace.output + "/" + Self.base + format) != Self.inode(recycle + "/" + Self.base + format))
        }
        #expect(try SegmentedGzipTests.bytes(recycle + "/" + Self.base + "csv") == published)
        #expect(try SegmentedGzipTests.bytes(workspace.output + "/" + Self.base + "csv") != published)
    }

    @Test("without recycling the site swapped out is deleted, and so is a recycle directory left from before")
    func noRecycle() async throws {
        let asOf = SiteBuildTests.asOf
        let (workspace, recycle) = try Self.workspace(days: 2)
        try await build(options(workspace, asOf: asOf))
        try await build(options(workspace, asOf: asOf + Self.day))
        #expect(FileManager.default.fileExists(atPath: recycle + "/index.html"))
        var off = options(workspace, asOf: asOf + 2 * Self.day)
        off.recyclePreviousSite = false
        try await build(off)
        try await build(off)
        #expect(!FileManager.default.fileExists(atPath: recycle))
        let beside = try FileManager.default.contentsOfDirectory(atPath: workspace.directory.path).filter { $0.hasPrefix(".site") }
        #expect(beside == [".site.lock"])
    }
}
