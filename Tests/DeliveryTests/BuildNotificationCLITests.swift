import Foundation
import Logging
import Model
import Store
import Testing

/// `espice-analytics build` and `deliver` as a cron job runs them: the executable built beside
/// the tests, a config file, a real webhook receiver.
@Suite("build notifications from the command line", .serialized)
struct BuildNotificationCLITests {
    let temp = TemporaryDirectory()
    let secret = "cli-secret"

    /// `ESPICE_ANALYTICS_BIN`, else the executable beside the test bundle (`swift build --build-tests`).
    static func executable() throws -> String {
        if let path = ProcessInfo.processInfo.environment["ESPICE_ANALYTICS_BIN"] { return path }
        let bundle = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let candidate = bundle.deletingLastPathComponent().appendingPathComponent("espice-analytics").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else { throw HelperError("espice-analytics not found beside \(bundle.path)") }
        return candidate
    }

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let environment = ProcessInfo.processInfo.environment.filter { !["DATABASE_PATH", "REPORT_STORAGE_PATH", "WEBHOOK_SECRET", "SMTP_URL"].contains($0.key) }
        let (status, out, err) = try runProcess(try Self.executable(), arguments, environment: environment)
        return (status, out, err)
    }

    /// A config with a 90/95 % success-rate alert (the fixture's day is at 85.7 %) and webhooks.
    func config(urls: [String], name: String = "site.yaml") throws -> String {
        try temp.write(name, """
            database_path: \(temp.path("analytics.db"))
            output_path: \(temp.path("site"))
            ranges: [1d, 7d]
            base_url: https://reports.example.com/analytics
            webhooks:
              urls: [\(urls.map { "\"\($0)\"" }.joined(separator: ", "))]
              secret: \(secret)
              timeout_seconds: 2
              attempts: 2
            alerts:
              range: 1d
              success_rate: {warn: 95, critical: 90}
              error_rate: {warn: 20, critical: 30}
            """)
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: temp.path("site/" + path), encoding: .utf8) }

    @Test("a build posts the alert once and build.completed each time; an unreachable webhook still publishes and exits 2")
    func buildNotifies() throws {
        _ = try Fixtures.store(temp.path("analytics.db"))
        let receiver = try WebhookReceiver(temp: temp, secret: secret)
        let site = try config(urls: [receiver.url])
        let build = ["build", "--config", site, "--as-of", "2026-11-28T00:00:00Z", "--templates", Self.templates]

        let first = try run(build)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("alert.triggered: ok → critical: Success rate 85.71% is below the critical threshold 90%"))
        #expect(try receiver.delivered().map(\.event) == ["alert.triggered", "build.completed"])
        #expect(try receiver.requests().allSatisfy(\.signature_ok))
        let index = try read("index.html")
        #expect(index.contains("Critical: Success rate 85.71% is below the critical threshold 90% (all services, last 1d)."))
        #expect(!index.contains("below the 95.00% threshold"))  // the configured threshold replaces the built-in line

        let second = try run(build)
        #expect(second.status == 0)
        #expect(try receiver.delivered().map(\.event) == ["alert.triggered", "build.completed", "build.completed"])
        let completed = try #require(try receiver.delivered().last?.json)
        #expect((completed["build"] as? [String: Any])?["status"] as? String == "succeeded")
        #expect((completed["active_alerts"] as? [[String: Any]])?.first?["level"] as? String == "critical")

        let unreachable = try config(urls: ["http://127.0.0.1:\(try closedPort())/hook"], name: "broken.yaml")
        let failing = try run(["build", "--config", unreachable, "--as-of", "2026-11-28T00:00:00Z", "--templates", Self.templates])
        #expect(failing.status == 2)
        #expect(failing.stderr.contains("notification failed: webhook build.completed → http://127.0.0.1:"))
        #expect(FileManager.default.fileExists(atPath: temp.path("site/index.html")))
        let store = try AnalyticsStore(path: temp.path("analytics.db"), logger: .init(label: "test"))
        let runs = try store.recentRuns(kind: "build")
        #expect(runs.first?.status == "succeeded" && runs.first?.errors.first?.hasPrefix("webhook build.completed") == true)

        // The next build's history page lists the webhook results.
        #expect(try run(build).status == 0)
        let history = try read("history/index.html")
        #expect(history.contains("<td>build.completed</td><td>http://127.0.0.1:"))
        #expect(history.contains("failed") && history.contains("delivered"))
    }

    @Test("deliver catches missed periods up once, says so, and the history page lists the ledger and the note")
    func catchUpInHistory() throws {
        _ = try Fixtures.store(temp.path("analytics.db"))
        let site = try config(urls: [])
        let report = try temp.write("daily.json", #"""
            {"name": "Daily <processing>", "report_type": "processing_performance", "schedule": "@daily",
             "recipients": ["ops@example.com"], "format": "csv"}
            """#)
        #expect(try run(["reports", "save", report, "--config", site]).status == 0)
        let outbox = temp.path("outbox")
        let first = try run(["deliver", "--config", site, "--outbox", outbox, "--as-of", "2026-11-28T06:00:00Z"])
        #expect(first.status == 0 && !first.stdout.contains("skipped"))
        let later = try run(["deliver", "--config", site, "--outbox", outbox, "--as-of", "2026-12-03T09:00:00Z"])
        #expect(later.status == 0)
        #expect(later.stdout.contains("caught-up\tDaily <processing>\t2026-12-02T00:00:00Z/2026-12-03T00:00:00Z\tskipped 4 missed periods; sent latest"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).count == 2)

        #expect(try run(["build", "--config", site, "--as-of", "2026-12-03T09:00:00Z", "--templates", Self.templates]).status == 0)
        let history = try read("history/index.html")
        #expect(history.contains("<td>Daily &lt;processing&gt;</td>"))
        #expect(history.contains("<td>ops@example.com</td><td>sent (outbox)</td>"))
        #expect(history.contains("Daily &lt;processing&gt; (2026-12-02T00:00:00Z/2026-12-03T00:00:00Z): skipped 4 missed periods; sent latest"))
    }

    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Templates").standardizedFileURL.path
}
