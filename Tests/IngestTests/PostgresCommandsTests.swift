import Foundation
import Testing

/// `reports`, `dashboards` and `demo` on a `postgres://` `--db` (issue 17: the URL on every
/// command), run as the built executable against the test server. Saved reports and dashboards
/// live in the builder cache that `build` and `deliver` read; `demo` COPYs its events into an
/// empty database. Expected figures come from `psql` and from the same commands on SQLite.
@Suite("PostgreSQL: reports, dashboards and demo commands", .serialized)
struct PostgresCommandsTests {
    /// Runs `espice-analytics ARGS` in `directory`; fails the test unless it exits 0.
    @discardableResult
    static func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> String {
        let result = try runIn(directory.url.path, try DaemonProcess.binary(), arguments)
        try #require(result.status == 0, "\(arguments.prefix(2).joined(separator: " ")) failed: \(result.errors)")
        return result.output
    }

    /// The tables of the database besides `events`, its partitions, `schema_migrations` and `retention`.
    static func otherTables(_ database: PostgresScratch) throws -> [String] {
        try database.rows(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename !~ '^events' AND tablename NOT IN ('schema_migrations', 'retention')")
    }

    @Test("reports save/list/remove and dashboards add/list on a postgres:// --db go to the builder cache; build and deliver on that --db publish and send them")
    func savedReportsAndDashboards() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let db = ["--db", database.url]
            try PostgresDaemonTests.importFile(
                try PostgresDaemonTests.eventsFile(400, users: 23, prefix: "u", in: directory), db: database.url, in: directory)
            let cache = "analytics_data/cache-\(database.host.replacingOccurrences(of: ".", with: "-"))-\(database.port)-"
                + database.name.replacingOccurrences(of: "_", with: "-") + ".db"

            let saved = try Self.run(
                ["reports", "save", "--template", "weekly-executive-summary", "--recipients", "a@example.com"] + db, in: directory)
            #expect(saved.contains("in the builder cache \(cache)"), "\(saved)")
            let dashboard = directory.path("ops.json")
            try #"{"name": "Processing Overview", "widgets": [{"type": "metric", "title": "Total Processed", "metric": "total_processed", "position": {"x": 0, "y": 0, "w": 6, "h": 2}}]}"#
                .write(toFile: dashboard, atomically: true, encoding: .utf8)
            try Self.run(["dashboards", "add", dashboard] + db, in: directory)
            #expect(try Self.run(["reports", "list"] + db, in: directory).hasPrefix("Weekly executive summary\t"))
            #expect(try Self.run(["dashboards", "list"] + db, in: directory).hasPrefix("Processing Overview\tdashboards/processing-overview/"))
            // Nothing of them in PostgreSQL: they are this builder's.
            #expect(try Self.otherTables(database) == [])

            // build syncs the same cache and publishes both, with psql's figures.
            try Self.run(["build", "--output", "site", "--as-of", PostgresDaemonTests.asOf, "--ranges", "30d", "--quiet"] + db, in: directory)
            for page in ["saved/weekly-executive-summary/index.html", "dashboards/processing-overview/index.html"] {
                #expect(FileManager.default.fileExists(atPath: directory.path("site/" + page)), "\(page) not published")
            }
            let export = directory.path("site/reports/business_intelligence/30d/business_intelligence-30d.json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export))) as? [String: Any])
            #expect(PostgresDaemonTests.featureUsage(json["data"] as? [String: Any] ?? [:]) == (try PostgresDaemonTests.countsByType(database)))
            // 2026-11-28 is a Saturday: the weekly summary fired on Monday 23rd at 08:00.
            try Self.run(["deliver", "--outbox", "outbox", "--as-of", "2026-11-28T09:00:00Z"] + db, in: directory)
            let sent = try FileManager.default.contentsOfDirectory(atPath: directory.path("outbox"))
            #expect(sent == ["weekly-executive-summary-7d-2026-11-23-a-example-com.eml"])

            try Self.run(["reports", "remove", "Weekly executive summary"] + db, in: directory)
            try Self.run(["dashboards", "remove", "Processing Overview"] + db, in: directory)
            #expect(try Self.run(["reports", "list"] + db, in: directory) == "no saved reports\n")
            try Self.run(["build", "--output", "site", "--as-of", PostgresDaemonTests.asOf, "--ranges", "30d", "--quiet"] + db, in: directory)
            #expect(!FileManager.default.fileExists(atPath: directory.path("site/saved/weekly-executive-summary/index.html")))
            #expect(!FileManager.default.fileExists(atPath: directory.path("site/dashboards/processing-overview/index.html")))
            let made = FileManager.default.enumerator(atPath: directory.url.path)?.allObjects as? [String] ?? []
            #expect(made.allSatisfy { !$0.contains("postgres") && !$0.contains("@") && !$0.contains(":") }, "\(made)")
        }
    }

    @Test("demo on a postgres:// --db COPYs the same events as on SQLite into PostgreSQL and publishes the site, dashboard and deliveries from the builder cache; a second demo is refused")
    func demoIntoPostgres() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let settings = ["--events", "3000", "--days", "10", "--seed", "7", "--as-of", "2026-11-28T09:00:00Z"]
            let output = try Self.run(["demo", "--db", database.url, "--output", "site"] + settings, in: directory)
            #expect(output.contains("demo: stored 3,000 events"), "\(output)")
            #expect(try database.rows("SELECT count(*) FROM events") == ["3000"])
            #expect(try Self.otherTables(database) == [])

            // The same settings on SQLite store the same events: the same figures per type.
            try Self.run(["demo", "--db", "demo.db", "--no-site"] + settings, in: directory)
            let counts = try PostgresDaemonTests.countsByType(database)
            let fromSQLite = try PostgresDaemonTests.report(
                "business_intelligence", db: directory.path("demo.db"), in: directory)
            #expect(PostgresDaemonTests.featureUsage(fromSQLite) == counts)
            // The site, from the builder cache: all ten days are inside 30d.
            let export = directory.path("site/reports/business_intelligence/30d/business_intelligence-30d.json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export))) as? [String: Any])
            #expect(PostgresDaemonTests.featureUsage(json["data"] as? [String: Any] ?? [:]) == counts)
            #expect(FileManager.default.fileExists(atPath: directory.path("site/dashboards/processing-overview/index.html")))
            let outbox = try FileManager.default.contentsOfDirectory(atPath: directory.path("analytics_data/outbox")).sorted()
            #expect(outbox == [
                "daily-operations-digest-1d-2026-11-28-ops-example-com.eml",
                "weekly-executive-summary-7d-2026-11-23-ceo-example-com.eml",
                "weekly-executive-summary-7d-2026-11-23-cto-example-com.eml",
            ])
            #expect(try Self.run(["reports", "list", "--db", database.url], in: directory).split(separator: "\n").count == 2)

            // A database that holds events is left alone, with or without --replace.
            for extra in [[], ["--replace"]] {
                let again = try runIn(
                    directory.url.path, try DaemonProcess.binary(), ["demo", "--db", database.url] + settings + extra)
                #expect(again.status != 0)
                let lines = again.errors.split(separator: "\n").filter { !$0.contains(" info ") }
                #expect(lines.count == 1 && lines[0].contains(database.url), "\(again.errors)")
            }
            #expect(try database.rows("SELECT count(*) FROM events") == ["3000"])
        }
    }
}
