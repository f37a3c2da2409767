import Foundation
import Testing

/// `db prune` on a `postgres://` database end to end (issue 17, retention): the built executable
/// imports, prunes and reports; psql checks what the server keeps; the reports are compared with
/// the same events' reports in an SQLite database never pruned.
@Suite("PostgreSQL db prune end to end", .serialized)
struct PostgresPruneTests {
    static let asOf = "2025-12-01T13:37:00Z"
    /// 2024-10-01T00:00:00Z, the month that holds the cutoff (2024-10-27, 400 days before the day
    /// of `asOf`): (54 × 365 + 13 leap days + 274 days of 2024) days after 1970.
    static let octoberStart: Int64 = (54 * 365 + 13 + 274) * 86_400_000
    /// 2025-12-01T13:37:00Z in ms.
    static let asOfTime: Int64 = (55 * 365 + 14 + 334) * 86_400_000 + (13 * 60 + 37) * 60_000
    static let types = ["document_processed", "processing_error", "spice_model_generated", "login"]

    /// `count` events over the 520 days before `asOf`, in scrambled order (index × a large odd
    /// step, modulo the span), from 700 users.
    static func events(_ count: Int) -> [(time: Int64, line: String)] {
        let span: Int64 = 520 * 86_400_000
        return (0..<count).map { index in
            let time = asOfTime - 1 - (Int64(index) * 7_919_993_377) % span
            let type = types[index % types.count]
            let data = type == "document_processed" ? #"{"processing_time_ms": \#(50 + index % 700), "device_type": "GaN"}"#
                : type == "processing_error" ? #"{"error_type": "timeout", "service": "ocr"}"# : "{}"
            return (time, #"{"event_type": "\#(type)", "event_data": \#(data), "service_name": "svc-\#(index % 3)", "user_id": "u\#(index % 700)", "timestamp": \#(Double(time) / 1000)}"#)
        }
    }

    /// `report all` of `ranges` as of ``asOf``: file name → its `data`.
    static func reports(_ arguments: [String], in directory: TemporaryDirectory, name: String) throws -> [String: NSDictionary] {
        let result = try runIn(
            directory.url.path, try DaemonProcess.binary(),
            ["report", "all", "--range", "7d,30d,all", "--as-of", asOf, "-o", name] + arguments)
        try #require(result.status == 0, "\(result.errors)")
        var reports: [String: NSDictionary] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path(name)) where file.hasSuffix(".json") {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.path(name + "/" + file))))
            reports[file] = try #require((json as? [String: Any])?["data"] as? NSDictionary)
        }
        return reports
    }

    @Test("db prune on PostgreSQL drops the months before the cutoff's month; the pruning builder's reports equal SQLite's; a late old event still counts")
    func pruneKeepsTheFigures() async throws {
        try await PostgresScratch.with { database in
            let directory = TemporaryDirectory()
            let events = Self.events(5_000)
            let file = directory.path("events.ndjson")
            try (events.map(\.line).joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
            for db in [database.url, directory.path("kept.db")] {
                let imported = try runIn(directory.url.path, try DaemonProcess.binary(), ["import", "--db", db, file])
                try #require(imported.status == 0, "\(imported.errors)")
            }
            let pruned = try runIn(
                directory.url.path, try DaemonProcess.binary(),
                ["db", "prune", "--db", database.url, "--cache", "cache.db", "--older-than", "400d", "--as-of", Self.asOf])
            #expect(pruned.status == 0, "\(pruned.errors)")
            #expect(pruned.output.contains("partitions:     "))

            // psql: nothing before October 2024 is left, the rest is all there, and the retention row says so.
            let kept = events.filter { $0.time >= Self.octoberStart }.count
            #expect(try database.rows("SELECT count(*) FROM events") == ["\(kept)"])
            #expect(try database.rows("SELECT count(*) FROM events WHERE ts < \(Self.octoberStart)") == ["0"])
            #expect(try database.rows("SELECT raw_since, pruned_events FROM retention") == ["\(Self.octoberStart)|\(events.count - kept)"])
            let partitions = try database.rows(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1")
            #expect(partitions.first == "events_y2024m10")
            let info = try runIn(directory.url.path, try DaemonProcess.binary(), ["db", "info", "--db", database.url, "--cache", "cache.db"])
            #expect(info.status == 0, "\(info.errors)")
            #expect(info.output.contains("events:         \(kept.formatted(.number.locale(Locale(identifier: "en_US")))) in \(partitions.count) month partitions"))
            #expect(info.output.contains("raw detail:     since 2024-10-01T00:00:00Z (\((events.count - kept).formatted(.number.locale(Locale(identifier: "en_US")))) pruned)"))

            let expected = try Self.reports(["--db", "kept.db"], in: directory, name: "expected")
            let actual = try Self.reports(["--db", database.url, "--cache", "cache.db"], in: directory, name: "actual")
            #expect(actual.count == 12)
            for (name, data) in expected.sorted(by: { $0.key < $1.key }) {
                #expect(actual[name] == data, "\(name) differs after the prune")
            }

            // A late login from July 2024 (a dropped month): its partition is made again, and the
            // pruning builder counts it.
            let late = directory.path("late.ndjson")
            try #"{"event_type": "login", "user_id": "late", "timestamp": "2024-07-15T10:00:00Z"}"#.write(toFile: late, atomically: true, encoding: .utf8)
            for db in [database.url, directory.path("kept.db")] {
                #expect(try runIn(directory.url.path, try DaemonProcess.binary(), ["import", "--db", db, late]).status == 0)
            }
            let expectedLate = try Self.reports(["--db", "kept.db"], in: directory, name: "expected-late")
            let actualLate = try Self.reports(["--db", database.url, "--cache", "cache.db"], in: directory, name: "actual-late")
            #expect(actualLate["business_intelligence-all.json"] == expectedLate["business_intelligence-all.json"])
            #expect(actualLate["business_intelligence-all.json"] != actual["business_intelligence-all.json"])
        }
    }
}
