import Foundation
import Logging
import Model
import Site
import Store
import Testing

/// docs/deployment.md's nginx server block serving a freshly built site: Debian's nginx runs as
/// a child on a free loopback port with a temporary prefix (as root or not), and curl checks the
/// answers over real HTTP.
@Suite("nginx serves the built site", .serialized)
struct NginxTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    static var nginx: String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        return path.split(separator: ":").map { "\($0)/nginx" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The ```nginx block of docs/deployment.md, listening on `port` and serving `root`.
    static func serverBlock(port: Int, root: String) throws -> String {
        let doc = try String(contentsOf: repository.appendingPathComponent("docs/deployment.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```nginx\n"), "docs/deployment.md has no ```nginx block")
        let end = try #require(doc.range(of: "\n```", range: start.upperBound..<doc.endIndex))
        let block = String(doc[start.upperBound..<end.lowerBound])
        try #require(block.contains("    listen 80;\n") && block.contains("    root /var/www/analytics;\n"),
                     "the documented block no longer has the listen/root lines this test points elsewhere")
        return block.replacingOccurrences(of: "    listen 80;\n", with: "    listen 127.0.0.1:\(port);\n")
            .replacingOccurrences(of: "    root /var/www/analytics;\n", with: "    root \(root);\n")
    }

    /// A loopback port nothing listens on (bound to 0, then closed).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound, "cannot bind a loopback socket")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Status line and headers (lower-cased names) of a GET, by curl; the body, as sent, goes to
    /// `body` when given.
    static func get(_ url: String, headers extra: [String] = [], body: String = "/dev/null") throws -> (status: Int, headers: [String: String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-o", body, "-D", "-", "--max-time", "5"] + extra.flatMap { ["-H", $0] } + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var lines = text.split(separator: "\r\n").map(String.init)
        guard !lines.isEmpty else { return (0, [:]) }
        let status = Int(lines.removeFirst().split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    @Test("the documented server block serves pages, charts and downloads with the right types and caching headers")
    func servesTheSite() async throws {
        guard let nginx = Self.nginx else {
            print("skipped: no nginx binary (Debian package nginx; scripts/install-deps.sh installs it)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site").path
        let database = directory.appendingPathComponent("a.db").path
        let store = try AnalyticsStore(path: database, logger: Logger(label: "test"))
        try store.insert(SiteBuildTests.events)
        var options = BuildOptions(databasePath: database, outputPath: site, templatesPath: SiteBuildTests.templates,
                                   asOf: SiteBuildTests.asOf, ranges: ["7d"])
        options.only = [.processingPerformance]
        options.precompressMinimumBytes = 500  // the small fixture's CSV and JSON get their .gz
        _ = try await SiteBuilder(options: options, logger: Logger(label: "test")).run()

        // World-readable, so nginx's workers (nobody when started as root) can serve it.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let prefix = directory.appendingPathComponent("nginx").path
        try FileManager.default.createDirectory(atPath: prefix + "/tmp", withIntermediateDirectories: true)
        let port = try Self.freePort()
        let temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map { "    \($0)_temp_path \(prefix)/tmp/\($0);" }
        let conf = """
            worker_processes 1;
            events { worker_connections 64; }
            http {
                access_log off;
            \(temps.joined(separator: "\n"))
            \(try Self.serverBlock(port: port, root: site))
            }
            """
        try Data(conf.utf8).write(to: URL(fileURLWithPath: prefix + "/nginx.conf"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-p", prefix, "-e", "stderr", "-c", prefix + "/nginx.conf", "-g", "daemon off; pid \(prefix)/nginx.pid; error_log stderr;"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        defer {
            kill(process.processIdentifier, SIGQUIT)
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        var index = try Self.get(base + "/")
        let deadline = Date().addingTimeInterval(15)
        while index.status == 0 && process.isRunning && Date() < deadline {
            try await Task.sleep(nanoseconds: 100_000_000)
            index = try Self.get(base + "/")
        }
        try #require(index.status == 200, "nginx did not answer: \(process.isRunning ? "running" : String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self))")
        #expect(index.headers["content-type"] == "text/html; charset=utf-8")
        #expect(index.headers["cache-control"] == "no-cache")

        let report = "/reports/processing_performance/7d/"
        let page = try Self.get(base + report + "index.html")
        #expect(page.status == 200 && page.headers["cache-control"] == "no-cache")
        let css = try Self.get(base + "/assets/style.css")
        #expect(css.status == 200 && css.headers["content-type"]?.hasPrefix("text/css") == true)
        #expect(css.headers["cache-control"] == "public, max-age=3600")
        let script = try Self.get(base + "/assets/sort.js")
        #expect(script.status == 200 && script.headers["content-type"]?.hasPrefix("text/javascript") == true)

        let charts = try FileManager.default.contentsOfDirectory(atPath: site + report + "charts")
        let svg = try #require(charts.first { $0.hasSuffix(".svg") })
        let expected = [
            "charts/" + svg: "image/svg+xml",
            "processing_performance-7d.pdf": "application/pdf",
            "processing_performance-7d.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "processing_performance-7d.csv": "text/csv",
            "processing_performance-7d.json": "application/json",
        ]
        for (file, type) in expected.sorted(by: { $0.key < $1.key }) {
            let answer = try Self.get(base + report + file)
            #expect(answer.status == 200, "\(file)")
            #expect(answer.headers["content-type"]?.split(separator: ";").first.map(String.init) == type, "\(file): \(answer.headers["content-type"] ?? "none")")
            #expect(answer.headers["cache-control"] == "public, max-age=3600", "\(file)")
            #expect(answer.headers["etag"] != nil && answer.headers["last-modified"] != nil, "\(file)")
        }
        #expect(try Self.get(base + report + "processing_performance-7d.csv").headers["content-type"] == "text/csv; charset=utf-8")
        #expect(try Self.get(base + "/no-such-page.html").status == 404)

        // gzip_static: the precompressed copy, as written, to a client that accepts gzip; the
        // file itself to one that does not.
        let csv = report + "processing_performance-7d.csv"
        try #require(FileManager.default.fileExists(atPath: site + csv + ".gz"), "the build wrote no .gz beside the CSV")
        let received = directory.appendingPathComponent("received").path
        let zipped = try Self.get(base + csv, headers: ["Accept-Encoding: gzip"], body: received)
        #expect(zipped.status == 200 && zipped.headers["content-encoding"] == "gzip")
        #expect(zipped.headers["content-type"] == "text/csv; charset=utf-8" && zipped.headers["vary"] == "Accept-Encoding")
        #expect(try Data(contentsOf: URL(fileURLWithPath: received)) == (try Data(contentsOf: URL(fileURLWithPath: site + csv + ".gz"))))
        let plain = try Self.get(base + csv, body: received)
        #expect(plain.status == 200 && plain.headers["content-encoding"] == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: received)) == (try Data(contentsOf: URL(fileURLWithPath: site + csv))))
    }
}
