import Foundation
import Testing

/// Issue 17 end to end against the real PostgreSQL server: the built executable's `import`,
/// `report` and two `ingest` daemons on one database. Expected figures come from `psql`, never
/// from the code under test. Each test has a database and a directory of its own.
@Suite("PostgreSQL end to end", .serialized)
struct PostgresDaemonTests {
    static let types = ["document_processed", "processing_error", "spice_model_generated", "feature_used"]
    static let asOf = "2026-12-01T00:00:00Z"

    /// One tracked event, unique by `user`; its type and time follow from `index`.
    static func event(_ index: Int, user: String) -> String {
        let type = types[index % types.count]
        let seconds = index % 86_400
        let time = String(format: "2026-11-2%dT%02d:%02d:%02dZ", index % 7, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
        let data = type == "document_processed" ? #"{"processing_time_ms": \#(100 + index % 900), "device_type": "GaN"}"#
            : type == "processing_error" ? #"{"error_type": "timeout", "service": "ocr"}"# : "{}"
        return #"{"event_type":"\#(type)","event_data":\#(data),"service_name":"svc-\#(index % 3)","user_id":"\#(user)","timestamp":"\#(time)"}"#
    }

    /// `report TYPE --range all` on `db`, run in `directory`; the report's `data`.
    static func report(_ type: String, db: String, in directory: TemporaryDirectory, extra: [String] = []) throws -> [String: Any] {
        let result = try runIn(
            directory.url.path, try DaemonProcess.binary(),
            ["report", type, "--db", db, "--range", "all", "--as-of", asOf] + extra)
        try #require(result.status == 0, "report failed: \(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        return try #require(json["data"] as? [String: Any])
    }

    /// `feature_usage` of a business_intelligence report as event type → count.
    static func featureUsage(_ data: [String: Any]) -> [String: Int] {
        var usage: [String: Int] = [:]
        for row in data["feature_usage"] as? [[String: Any]] ?? [] {
            if let type = row["event_type"] as? String, let count = row["usage_count"] as? Int { usage[type] = count }
        }
        return usage
    }

    /// psql's count of events per type: the independent recomputation.
    static func countsByType(_ database: PostgresScratch) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.rows("SELECT event_type, count(*) FROM events GROUP BY event_type") {
            let parts = row.split(separator: "|")
            counts[String(parts[0])] = Int(parts[1])
        }
        return counts
    }

    /// Writes `count` events (users `PREFIX0`…) as NDJSON in `directory`; returns the file.
    static func eventsFile(_ count: Int, users: Int, prefix: String, in directory: TemporaryDirectory) throws -> String {
        let lines = (0..<count).map { event($0, user: "\(prefix)\($0 % users)") }.joined(separator: "\n") + "\n"
        let file = directory.path("events.ndjson")
        try lines.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// `espice-analytics import` of `file` into `db` (or, with `db` nil, wherever the environment says).
    static func importFile(_ file: String, db: String?, in directory: TemporaryDirectory, environment: [String: String] = [:]) throws {
        let imported = try runIn(
            directory.url.path, try DaemonProcess.binary(), ["import"] + (db.map { ["--db", $0] } ?? []) + [file],
            environment: environment)
        try #require(imported.status == 0, "\(imported.errors)")
    }

    @Test("report on a postgres:// --db after a COPY import gives psql's figures and SQLite's report, and no file is named after the URL")
    func reportAfterCopyImport() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let file = try Self.eventsFile(700, users: 37, prefix: "u", in: directory)
            try Self.importFile(file, db: database.url, in: directory)
            #expect(try database.rows("SELECT count(*) FROM events") == ["700"])
            try Self.importFile(file, db: directory.path("events.db"), in: directory)

            let counts = try Self.countsByType(database)
            let processing = try Self.report("processing_performance", db: database.url, in: directory)
            #expect(processing["total_processed"] as? Int == counts["document_processed"])
            #expect(processing["total_errors"] as? Int == counts["processing_error"])
            let business = try Self.report("business_intelligence", db: database.url, in: directory)
            #expect(Self.featureUsage(business) == counts)
            let users = try Self.report("user_activity", db: database.url, in: directory)
            let distinct = try database.rows("SELECT count(DISTINCT user_id) FROM events WHERE user_id IS NOT NULL")
            #expect(users["active_users"] as? Int == Int(distinct.first ?? ""))
            for type in ["processing_performance", "business_intelligence", "error_analysis", "user_activity"] {
                let fromPostgres = try Self.report(type, db: database.url, in: directory)
                let fromSQLite = try Self.report(type, db: directory.path("events.db"), in: directory)
                #expect(NSDictionary(dictionary: fromPostgres).isEqual(to: fromSQLite), "\(type) differs")
            }
            // The cache is a slug under analytics_data; nothing anywhere is named after the URL.
            let made = FileManager.default.enumerator(atPath: directory.url.path)?.allObjects as? [String] ?? []
            #expect(made.contains("analytics_data/cache-\(database.host.replacingOccurrences(of: ".", with: "-"))-\(database.port)-\(database.name.replacingOccurrences(of: "_", with: "-")).db"))
            #expect(made.allSatisfy { !$0.contains("postgres") && !$0.contains("@") && !$0.contains(":") }, "\(made)")
        }
    }

    @Test("build and deliver on a postgres:// --db publish psql's figures and run from the builder cache")
    func buildAndDeliver() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            try Self.importFile(try Self.eventsFile(400, users: 23, prefix: "u", in: directory), db: database.url, in: directory)
            let binary = try DaemonProcess.binary()
            let built = try runIn(
                directory.url.path, binary,
                ["build", "--db", database.url, "--output", directory.path("site"), "--as-of", Self.asOf, "--ranges", "30d", "--quiet"])
            try #require(built.status == 0, "\(built.errors)")
            let export = directory.path("site/reports/business_intelligence/30d/business_intelligence-30d.json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export))) as? [String: Any])
            #expect(Self.featureUsage(json["data"] as? [String: Any] ?? [:]) == (try Self.countsByType(database)))
            let delivered = try runIn(
                directory.url.path, binary, ["deliver", "--db", database.url, "--as-of", Self.asOf, "--dry-run"])
            #expect(delivered.status == 0, "\(delivered.errors)")
            #expect(delivered.output.contains("nothing due"))
        }
    }

    @Test("DATABASE_URL with sslmode=verify-full and the test CA: import and report over TLS, the cache named without the parameters")
    func databaseURLOverTLS() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let ca = try #require(
                ProcessInfo.processInfo.environment["ESPICE_TEST_POSTGRES_CA"], "ESPICE_TEST_POSTGRES_CA is not set")
            let url = "postgres://\(database.user)@localhost:\(database.port)/\(database.name)?sslmode=verify-full&sslrootcert=\(ca)"
            let environment = ["DATABASE_URL": url, "DATABASE_PATH": directory.path("not-this.db")]
            let file = try Self.eventsFile(120, users: 5, prefix: "t", in: directory)
            try Self.importFile(file, db: nil, in: directory, environment: environment)
            let binary = try DaemonProcess.binary()
            #expect(try database.rows("SELECT count(*) FROM events") == ["120"])
            let report = try runIn(
                directory.url.path, binary, ["report", "business_intelligence", "--range", "all", "--as-of", Self.asOf],
                environment: environment)
            try #require(report.status == 0, "\(report.errors)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any])
            #expect(Self.featureUsage(json["data"] as? [String: Any] ?? [:]) == (try Self.countsByType(database)))
            #expect(!FileManager.default.fileExists(atPath: directory.path("not-this.db")))
            let made = FileManager.default.enumerator(atPath: directory.url.path)?.allObjects as? [String] ?? []
            #expect(made.contains("analytics_data/cache-localhost-\(database.port)-\(database.name.replacingOccurrences(of: "_", with: "-")).db"), "\(made)")
            #expect(made.allSatisfy { !$0.contains("postgres") && !$0.contains("sslmode") && !$0.contains("?") }, "\(made)")
        }
    }
}
