import Foundation
import Testing

/// `db prune --older-than` on SQLite (issue 17, retention): raw events go, figures stay. Expected
/// counts come from the test's own event list; the database is read back with the `sqlite3` CLI;
/// report figures are compared with the same events' reports in a database never pruned.
@Suite("espice-analytics db prune")
struct PruneCommandTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    /// 2025-12-01T13:37:00Z: not on an hour, so every window edge is a partial hour.
    static let asOf = "2025-12-01T13:37:00Z"
    /// Midnight of 2025-12-01 UTC: (55 × 365 + 14 leap days + 334 days of 2025) days after 1970.
    static let asOfMidnight: Int64 = (55 * 365 + 14 + 334) * 86_400_000
    /// `--older-than 400d` cuts at the midnight 400 days before the day of `asOf`: 2024-10-27.
    static let cutoff = asOfMidnight - 400 * 86_400_000
    static let types = ["document_processed", "processing_error", "spice_model_generated", "login", "feature_used"]

    /// `count` events spread at random over the 520 days before `asOf`, in random order, from
    /// 1,500 users (a linear congruential generator: the same events every run).
    static func events(_ count: Int) -> [(time: Int64, line: String)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 11) % UInt64(bound))
        }
        let end = asOfMidnight + (13 * 60 + 37) * 60_000
        return (0..<count).map { index in
            let time = end - 1 - next(520 * 86_400_000)
            let type = types[Int(next(Int64(types.count)))]
            let data = switch type {
            case "document_processed": #"{"processing_time_ms": \#(10 + next(5_000)), "device_type": "GaN", "file_size_mb": 1.5}"#
            case "processing_error": #"{"error_type": "timeout", "service": "ocr"}"#
            case "spice_model_generated": #"{"model_complexity": "high", "parameters_extracted": 12, "device_type": "SiC"}"#
            default: "{}"
            }
            let line = #"{"event_type": "\#(type)", "event_data": \#(data), "service_name": "svc-\#(index % 3)", "#
                + #""user_id": "user-\#(next(1_500))", "timestamp": \#(Double(time) / 1000)}"#
            return (time, line)
        }
    }

    /// Imports `events` into a new database `name`.
    func database(_ name: String, _ events: [(time: Int64, line: String)]) throws {
        let file = try cli.write(name + ".ndjson", events.map(\.line).joined(separator: "\n") + "\n")
        let result = try cli.run(["import", "--db", name, file])
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// Every report of `ranges` on `db` as of ``asOf``: file name → its JSON.
    func reports(_ db: String, ranges: String = "1d,7d,30d,90d,all") throws -> [String: [String: Any]] {
        let directory = db + "-reports"
        let result = try cli.run(["report", "all", "--db", db, "--range", ranges, "--as-of", Self.asOf, "-o", directory])
        try #require(result.status == 0, "\(result.stderr)")
        var reports: [String: [String: Any]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: cli.path(directory)) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: cli.path(directory + "/" + name)))
            reports[name] = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        try FileManager.default.removeItem(atPath: cli.path(directory))
        return reports
    }

    /// `sqlite3 DB SQL` (the CLI, not our code): its first line.
    func sqlite(_ db: String, _ sql: String) throws -> String { try cli.sqlite3(db, sql).first ?? "" }

    func prune(_ db: String) throws -> CLIRunner.Result {
        try cli.run(["db", "prune", "--db", db, "--older-than", "400d", "--as-of", Self.asOf])
    }

    @Test("db prune deletes exactly the raw events before the cutoff, and every report equals the never-pruned database's")
    func pruneKeepsTheFigures() throws {
        let events = Self.events(6_000)
        try database("kept.db", events)
        try database("pruned.db", events)
        let old = events.filter { $0.time < Self.cutoff }
        try #require(old.count > 1_000 && old.count < 2_000)  // ~120 of 520 days

        let result = try prune("pruned.db")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.first == "pruned.db: raw events before 2024-10-27T00:00:00Z pruned")
        #expect(result.stdoutLines.contains("deleted:        \(old.count.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) raw events"))
        #expect(try sqlite("pruned.db", "SELECT count(*) FROM events WHERE ts < \(Self.cutoff)") == "0")
        #expect(try sqlite("pruned.db", "SELECT count(*) FROM events") == "\(events.count - old.count)")

        let info = try cli.run(["db", "info", "--db", "pruned.db", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect((json["raw_events_since"] as? NSNumber)?.int64Value == Self.cutoff)
        #expect(json["pruned_events"] as? Int == old.count)
        #expect((json["first_event"] as? NSNumber)?.int64Value == events.map(\.time).min())

        let kept = try reports("kept.db")
        let pruned = try reports("pruned.db")
        #expect(kept.count == 20 && pruned.count == 20)
        // Windows that reach before the cutoff say so: the `all` range, and processing's 90d
        // baseline (four lengths before: 450 days back). Its baseline's first partial hour is
        // read whole there, so only its other figures are compared.
        let before = Set(pruned.keys.filter { $0.hasSuffix("-all.json") } + ["processing_performance-90d.json"])
        for (name, report) in pruned.sorted(by: { $0.key < $1.key }) {
            let metadata = try #require(report["metadata"] as? [String: Any])
            #expect((metadata["raw_events_since"] as? String) == (before.contains(name) ? "2024-10-27T00:00:00Z" : nil), "\(name)")
            let expected = try #require(kept[name]?["data"] as? NSDictionary)
            let data = try #require(report["data"] as? NSDictionary)
            if name == "processing_performance-90d.json" {
                for key in ["total_processed", "total_errors", "avg_processing_time", "processing_time", "service_breakdown", "success_rate", "time_series", "previous_period", "change_pct"] {
                    #expect(data[key] as? NSObject == expected[key] as? NSObject, "\(name): \(key)")
                }
            } else {
                #expect(data == expected, "\(name) differs after the prune")
            }
        }
    }

    @Test("A window starting before the cutoff reads the whole hour of its start from the rollups; one after it stays exact")
    func windowEdgesBeforeTheCutoff() throws {
        let events = Self.events(6_000)
        try database("kept.db", events)
        try database("pruned.db", events)
        #expect(try prune("pruned.db").status == 0)
        let hour: Int64 = 3_600_000
        // From just after an event of 10 days before the cutoff (so that the part of its hour
        // before the start holds an event) to 5 days after the cutoff plus 30 minutes.
        let inside = try #require(events.map(\.time).filter { $0 >= Self.cutoff - 240 * hour && $0 % hour < hour - 1 }.min())
        let (start, end) = (inside + 1, Self.cutoff + 120 * hour + hour / 2)
        let hourStart = start - start % hour
        func iso(_ ms: Int64) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
        }
        func usage(_ db: String) throws -> [String: Int] {
            let report = try cli.run(["report", "business_intelligence", "--db", db, "--from", iso(start), "--to", iso(end)])
            try #require(report.status == 0, "\(report.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let rows = try #require((json["data"] as? [String: Any])?["feature_usage"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["event_type"] as? String ?? "", $0["usage_count"] as? Int ?? 0) })
        }
        func counted(from first: Int64) -> [String: Int] {
            var counts: [String: Int] = [:]
            for event in events where event.time >= first && event.time < end {
                let type = Self.types.first { event.line.contains(#""event_type": "\#($0)""#) } ?? ""
                counts[type, default: 0] += 1
            }
            return counts
        }
        #expect(try usage("kept.db") == counted(from: start))
        #expect(try usage("pruned.db") == counted(from: hourStart))
        #expect(counted(from: start) != counted(from: hourStart))  // the hour's part before the start holds an event
    }

    @Test("After a prune, --full and another time zone are refused in one line and change nothing; a late old event still counts")
    func rebuildsAreRefused() throws {
        try database("p.db", Self.events(3_000))
        #expect(try prune("p.db").status == 0)
        let watermark = try sqlite("p.db", "SELECT watermark FROM rollup_state")

        let full = try cli.run(["report", "user_activity", "--db", "p.db", "--range", "all", "--as-of", Self.asOf, "--full"])
        #expect(full.status != 0)
        #expect(full.stderrLines.count == 1)
        #expect(full.stderr.contains("p.db: raw events before 2024-10-27T00:00:00Z were pruned (db prune)"))
        #expect(full.stderr.contains("--full cannot rebuild them"))
        try cli.write("berlin.yaml", "time_zone: Europe/Berlin\n")
        let zone = try cli.run(["report", "user_activity", "--db", "p.db", "--config", "berlin.yaml", "--range", "all", "--as-of", Self.asOf])
        #expect(zone.status != 0)
        #expect(zone.stderr.contains("cannot be rebuilt for another time_zone or event roles"))
        #expect(try sqlite("p.db", "SELECT watermark FROM rollup_state") == watermark)

        // One event 30 days older than the cutoff arrives late: the rollups fold it, the raw
        // table keeps it until the next prune.
        func logins() throws -> Int {
            let report = try cli.run(["report", "business_intelligence", "--db", "p.db", "--range", "all", "--as-of", Self.asOf])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let usage = try #require((json["data"] as? [String: Any])?["feature_usage"] as? [[String: Any]])
            return usage.first { $0["event_type"] as? String == "login" }?["usage_count"] as? Int ?? 0
        }
        let loginsBefore = try logins()
        let late = try cli.write("late.ndjson", #"{"event_type": "login", "user_id": "late", "timestamp": \#(Double(Self.cutoff - 30 * 86_400_000) / 1000)}"# + "\n")
        #expect(try cli.run(["import", "--db", "p.db", late]).status == 0)
        #expect(try logins() == loginsBefore + 1)
        let again = try prune("p.db")
        #expect(again.stdoutLines.contains("deleted:        1 raw events"))
        #expect(try logins() == loginsBefore + 1)
    }

    @Test("A prune with nothing old enough records nothing: --full still rebuilds")
    func nothingToPrune() throws {
        let recent = Self.events(2_000).filter { $0.time >= Self.cutoff }
        try database("r.db", recent)
        let result = try prune("r.db")
        #expect(result.status == 0)
        #expect(result.stdoutLines.contains("deleted:        0 raw events"))
        #expect(try sqlite("r.db", "SELECT count(*) FROM retention") == "0")
        #expect(try cli.run(["report", "user_activity", "--db", "r.db", "--range", "all", "--as-of", Self.asOf, "--full"]).status == 0)
    }

    @Test("The pruned events' text is gone from the database file, not only from its tables")
    func prunedTextIsOverwritten() throws {
        // Each event carries a note of its own in event_data, which only the events table keeps.
        let events = Self.events(3_000).enumerated().map { index, event in
            let note = event.time < Self.cutoff ? "OLDNOTE" : "NEWNOTE"
            let line = event.line.replacingOccurrences(of: #""event_data": {}"#, with: #""event_data": {"x": 1}"#)
            return (time: event.time, line: line.replacingOccurrences(
                of: #""event_data": {"#, with: #""event_data": {"note": "\#(note)-\#(index)-", "#))
        }
        let old = events.filter { $0.time < Self.cutoff }.count
        try #require(old > 500 && old < 1_000)
        try database("n.db", events)
        func occurrences(_ text: String) throws -> Int {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: cli.path("n.db")))
            return bytes.withUnsafeBytes { raw in
                String(decoding: raw.bindMemory(to: UInt8.self), as: UTF8.self).components(separatedBy: text).count - 1
            }
        }
        #expect(try occurrences("OLDNOTE-") >= old, "the notes are in the file before the prune")
        #expect(try prune("n.db").status == 0)
        // The prune's process checkpointed its WAL into the file and removed it as it closed.
        #expect(!FileManager.default.fileExists(atPath: cli.path("n.db-wal")))
        #expect(try occurrences("OLDNOTE-") == 0)
        #expect(try occurrences("NEWNOTE-") >= events.count - old)
        #expect(try sqlite("n.db", "SELECT count(*) FROM events WHERE event_data LIKE '%NEWNOTE-%'") == "\(events.count - old)")
    }

    @Test("The site says since when raw events are kept, which ranges have full detail, and marks the pages that read the rollups")
    func siteSaysWhichRangesKeepRawDetail() throws {
        try database("s.db", Self.events(3_000))
        #expect(try prune("s.db").status == 0)
        let build = try cli.run(["build", "--db", "s.db", "--output", "site", "--as-of", Self.asOf, "--quiet"])
        try #require(build.status == 0, "\(build.stderr)")
        let index = try String(contentsOfFile: cli.path("site/index.html"), encoding: .utf8)
        let footer = try #require(index.firstMatch(of: /<p class="raw-detail">([^<]*)<\/p>/)).1
        #expect(footer.hasPrefix("Raw events are kept since 2024-10-27"))
        #expect(footer.contains("Full detail: 1d, 7d, 30d."))
        #expect(footer.contains("read from the rollups there: 90d ("))
        let baseline = try String(contentsOfFile: cli.path("site/reports/processing_performance/90d/index.html"), encoding: .utf8)
        #expect(baseline.contains(#"<p class="raw-note">Raw events before 2024-10-27 were pruned"#))
        let recent = try String(contentsOfFile: cli.path("site/reports/processing_performance/30d/index.html"), encoding: .utf8)
        #expect(!recent.contains("raw-note"))
        #expect(recent.contains(#"<p class="raw-detail">"#))
    }

    @Test("--older-than must be a number of days", arguments: ["0d", "400", "3x", "1y", "d"])
    func olderThanIsValidated(value: String) throws {
        let result = try cli.run(["db", "prune", "--db", "v.db", "--older-than", value])
        if value == "400" {
            #expect(result.status == 0)  // a bare number is days
        } else {
            #expect(result.status != 0)
            #expect(result.stderr.contains("--older-than \(value): expected a number of days of at least 1"))
        }
    }
}
