import Foundation
import Logging
import Model
import Site
import Testing

/// Big downloads: a gzip copy beside each one over 1 MB (nginx `gzip_static`), and every
/// download link saying how big its file is.
@Suite("Download sizes and precompressed copies", .serialized)
struct DownloadSizeTests {
    /// 8,000 users active once each in the day before as-of: the user_activity downloads hold
    /// one row per user and day, over 1 MB as CSV (~1.3 MB) and JSON (~2.3 MB), under it as
    /// XLSX and PDF.
    static let manyUsers: [TrackedEvent] = (0..<8_000).map { index in
        TrackedEvent(eventType: "page_view", serviceName: "web-ui", userId: "user-\(index)",
                     timestamp: SiteBuildTests.asOf - 1_000 - Int64(index) * 8_000)
    }

    static func size(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    /// `gzip -dc FILE` by the system's gzip, not by the code under test.
    static func gunzip(_ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// The download links of a page: label → href.
    static func links(_ html: String) -> [String: String] {
        let section = html.components(separatedBy: "<p class=\"downloads\">").dropFirst().first?.components(separatedBy: "</p>").first ?? ""
        var out: [String: String] = [:]
        for chunk in section.components(separatedBy: "<a href=\"").dropFirst() {
            let href = String(chunk.prefix { $0 != "\"" })
            let label = chunk.components(separatedBy: ">").dropFirst().first?.components(separatedBy: "<").first ?? ""
            out[label] = href
        }
        return out
    }

    /// Bytes a label such as `1.2 MB` or `812 B` stands for.
    static func bytes(_ label: String) -> Double? {
        let parts = label.split(separator: " ")
        guard parts.count == 2, let number = Double(parts[0]) else { return nil }
        let scale: [Substring: Double] = ["B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9]
        return scale[parts[1]].map { number * $0 }
    }

    @Test("downloads over 1 MB get a .gz that gunzips to the same bytes; files under 1 MB do not")
    func precompressedCopies() async throws {
        let workspace = try SiteBuildTests.Workspace(events: Self.manyUsers)
        var options = workspace.options()
        options.only = [.userActivity]
        options.ranges = ["1d"]
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        let base = workspace.output + "/reports/user_activity/1d/user_activity-1d."
        for ext in ["csv", "json"] {
            #expect(try Self.size(base + ext) > 1_000_000, "\(ext) should be over 1 MB for this test")
            let original = try Data(contentsOf: URL(fileURLWithPath: base + ext))
            #expect(try Self.gunzip(base + ext + ".gz") == original, "\(ext).gz")
            #expect(try Self.size(base + ext + ".gz") < original.count / 2)
        }
        // The XLSX and the PDF stay under 1 MB: no copy.
        for ext in ["xlsx", "pdf"] {
            #expect(try Self.size(base + ext) < 1_000_000, "\(ext) should be under 1 MB for this test")
            #expect(!FileManager.default.fileExists(atPath: base + ext + ".gz"))
        }
        let summaryGz = workspace.output + "/api/analytics/summary.json.gz"
        #expect(!FileManager.default.fileExists(atPath: summaryGz))

        // A second build with nothing new reuses the copies: same inode, same mtime.
        let before = try FileManager.default.attributesOfItem(atPath: base + "csv.gz")
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        let after = try FileManager.default.attributesOfItem(atPath: base + "csv.gz")
        #expect(after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int)
        #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date)
    }

    @Test("each download link shows its file's size, and a small site has no .gz at all")
    func linkSizes() async throws {
        let workspace = try SiteBuildTests.Workspace(events: SiteBuildTests.events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let directory = workspace.output + "/reports/processing_performance/7d/"
        let links = Self.links(try workspace.read("reports/processing_performance/7d/index.html"))
        #expect(links.count == 4)
        for (label, href) in links {
            let parts = label.components(separatedBy: " · ")
            try #require(parts.count == 2, "\(label)")
            #expect(href.lowercased().hasSuffix("." + parts[0].lowercased()))
            let actual = Double(try Self.size(directory + href))
            let shown = try #require(Self.bytes(parts[1]), "\(label)")
            #expect(abs(shown - actual) <= actual * 0.05 + 1, "\(label): the file has \(Int(actual)) bytes")
        }
        let gz = (FileManager.default.subpaths(atPath: workspace.output) ?? []).filter { $0.hasSuffix(".gz") }
        #expect(gz.isEmpty, "\(gz)")
    }
}
