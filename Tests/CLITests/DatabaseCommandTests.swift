import Foundation
import Model
import Testing

@Suite("espice-analytics db, demo and configuration")
struct DatabaseCommandTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    @Test("db info shows events, time span, size and schema version; --json the same as JSON")
    func info() throws {
        let file = try cli.write("two.ndjson", """
            {"event_type": "a", "timestamp": "2025-06-01T12:00:00Z"}
            {"event_type": "b", "timestamp": "2025-06-02T00:00:00.500Z"}
            """)
        #expect(try cli.run(["import", "--db", "info.db", file]).status == 0)
        let text = try cli.run(["db", "info", "--db", "info.db"])
        #expect(text.status == 0)
        #expect(text.stdoutLines.contains("events:         2"))
        #expect(text.stdoutLines.contains("time span:      2025-06-01T12:00:00Z … 2025-06-02T00:00:00.500Z"))
        #expect(text.stdoutLines.contains("journal mode:   wal"))
        #expect(text.stdout.contains("schema version: "))

        let json = try cli.run(["db", "info", "--db", "info.db", "--json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(decoded?["event_count"] as? Int == 2)
        // 2025-06-01T12:00:00Z = (55 × 365 + 14 leap days + 151 days of 2025) × 86 400 s + 12 h.
        let expectedFirst: Int64 = ((55 * 365 + 14 + 151) * 86_400 + 12 * 3_600) * 1_000
        let first = try #require(decoded?["first_event"] as? NSNumber)
        #expect(first.int64Value == expectedFirst)
        let migrations = try #require(decoded?["migrations"] as? [String])
        #expect(decoded?["schema_version"] as? Int == migrations.count)
        #expect(migrations.first == "0001-events")
    }

    @Test("db migrate creates a missing database, with its directory, at the current schema")
    func migrate() throws {
        let result = try cli.run(["db", "migrate", "--db", "new/dir/m.db"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("new/dir/m.db: schema version "))
        #expect(result.stdout.contains("0001-events"))
        #expect(FileManager.default.fileExists(atPath: cli.path("new/dir/m.db")))
    }

    @Test("a --db that is not SQLite: one line naming the path, non-zero exit, file untouched", arguments: [
        ["db", "info"], ["db", "migrate"], ["import", "events.ndjson"], ["demo", "--events", "10", "--no-site"],
    ])
    func notSQLite(command: [String]) throws {
        try cli.write("events.ndjson", #"{"event_type": "x"}"#)
        let path = try cli.write("notes.txt", "just some notes\n")
        let result = try cli.run(command + ["--db", path])
        #expect(result.status != 0)
        #expect(result.stderrLines == ["Error: \(path): not an SQLite database (file left untouched)"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "just some notes\n")
    }

    @Test("demo refuses a database that holds events unless --replace is given")
    func demoReplace() throws {
        // --no-site: only the database matters here (the site build has its own tests).
        let first = try cli.run(["demo", "--events", "500", "--days", "2", "--seed", "1", "--db", "demo.db", "--no-site"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("demo: stored 500 events over 2 days"))
        let again = try cli.run(["demo", "--events", "300", "--days", "2", "--db", "demo.db", "--no-site"])
        #expect(again.status != 0)
        #expect(again.stderrLines == [
            "Error: demo.db: already holds events; pass --replace to start it over, or choose another --db",
        ])
        let replaced = try cli.run(
            ["demo", "--events", "300", "--days", "2", "--db", "demo.db", "--replace", "--no-site"])
        #expect(replaced.status == 0)
        #expect(replaced.stdout.contains("database: 300 events"))
    }

    @Test("--help of every subcommand shows an example", arguments: [
        ["demo"], ["import"], ["db"], ["db", "info"], ["db", "migrate"],
    ])
    func helpShowsExample(command: [String]) throws {
        let result = try cli.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("espice-analytics \(command.joined(separator: " "))"))
    }

    @Test("a config file with an unknown key: one line naming the file and the key, non-zero exit")
    func badConfigKey() throws {
        let config = try cli.write("bad.yaml", "database_path: ok.db\ningest:\n  hots: 0.0.0.0\n")
        let result = try cli.run(["db", "info", "--config", config])
        #expect(result.status != 0)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.hasPrefix("Error: \(config): unknown key \"ingest.hots\""))
        #expect(!FileManager.default.fileExists(atPath: cli.path("ok.db")))
    }

    @Test("a config value of the wrong type names the key")
    func badConfigType() throws {
        let config = try cli.write("bad.json", #"{"cache_ttl": "soon"}"#)
        let result = try cli.run(["db", "info", "--config", config])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("Error: \(config): cache_ttl: "))
    }

    @Test("precedence: DATABASE_PATH < config file < --db")
    func precedence() throws {
        let env = ["DATABASE_PATH": "env.db"]
        let config = try cli.write("c.yaml", "database_path: file.db\n")
        func path(_ arguments: [String]) throws -> String? {
            let result = try cli.run(["db", "info", "--json"] + arguments, environment: env)
            let decoded = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return decoded?["path"] as? String
        }
        #expect(try path([]) == "env.db")
        #expect(try path(["--config", config]) == "file.db")
        #expect(try path(["--config", config, "--db", "flag.db"]) == "flag.db")
    }

    @Test("the example config file loads, and names every key")
    func exampleConfig() throws {
        let example = repositoryRoot.appendingPathComponent("espice-analytics.example.yaml").path
        let text = try String(contentsOfFile: example, encoding: .utf8)
        for key in ConfigFile.knownKeys.union(IngestSettingsFile.knownKeys).union(EventRoles.knownKeys) {
            #expect(text.contains("\(key):"), "\(key) is not in the example")
        }
        // Webhooks and alerts are sent and evaluated (docs/deployment.md); the example must not say otherwise.
        #expect(!text.lowercased().contains("not implemented"))
        #expect(text.contains("docs/deployment.md"))
        let result = try cli.run(["db", "info", "--config", example, "--db", "example.db"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
