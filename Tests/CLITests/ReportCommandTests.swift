import Foundation
import Testing

@Suite("espice-analytics report")
struct ReportCommandTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    /// The document without its generation time.
    static func figures(_ data: Data) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var metadata = try #require(object["metadata"] as? [String: Any])
        metadata["generated_at"] = nil
        object["metadata"] = metadata
        return object as NSDictionary
    }

    @Test("report all writes every type over every range, each equal to its own report run")
    func reportAll() throws {
        #expect(try cli.run(["demo", "--events", "3000", "--days", "10", "--seed", "3", "--db", "r.db", "--no-site"]).status == 0)
        let asOf = "2026-11-28T00:00:00Z"
        let result = try cli.run(["report", "all", "--range", "1d,7d,all", "--as-of", asOf, "--db", "r.db", "-o", "out"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: cli.path("out")).sorted()
        let types = ["business_intelligence", "error_analysis", "processing_performance", "user_activity"]
        #expect(files == types.flatMap { type in ["1d", "7d", "all"].map { "\(type)-\($0).json" } }.sorted())
        for type in types {
            for range in ["1d", "all"] {
                let single = try cli.run(["report", type, "--range", range, "--as-of", asOf, "--db", "r.db", "-o", "\(type)-\(range).json"])
                #expect(single.status == 0)
                let alone = try Data(contentsOf: URL(fileURLWithPath: cli.path("\(type)-\(range).json")))
                let batch = try Data(contentsOf: URL(fileURLWithPath: cli.path("out/\(type)-\(range).json")))
                #expect(try Self.figures(alone) == Self.figures(batch), "\(type) \(range)")
                // `report all` writes compact JSON (one line); a single report indents.
                #expect(!batch.contains(UInt8(ascii: "\n")) && alone.contains(UInt8(ascii: "\n")), "\(type) \(range)")
            }
        }
    }

    @Test("a report after a rebuild and new events exits with the tables the rebuild swapped out dropped, and equal figures")
    func swappedOutTablesDroppedBeforeExit() throws {
        let asOf = "2026-11-28T00:00:00Z"
        #expect(try cli.run(["demo", "--events", "20000", "--days", "10", "--seed", "5", "--db", "r.db", "--no-site", "--as-of", asOf]).status == 0)
        let oldTables = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'old\\_%' ESCAPE '\\'"
        for extra in [[], ["--full"]] {
            let run = try cli.run(["report", "all", "--range", "7d", "--as-of", asOf, "--db", "r.db", "-o", "first"] + extra)
            try #require(run.status == 0, "\(run.stderr)")
        }
        // The rebuild swapped the tables of the first fold out; they stay until a refresh folds.
        try #require(try cli.sqlite3("r.db", oldTables) != ["0"], "the rebuild left no swapped-out tables")
        let lines = (0..<5).map { #"{"event_type":"login","timestamp":"2026-11-27T0\#($0):00:00Z","user_id":"late-\#($0)"}"# }
        _ = try cli.write("late.ndjson", lines.joined(separator: "\n"))
        #expect(try cli.run(["import", "--db", "r.db", "late.ndjson"]).status == 0)
        // That refresh drops them beside the reports, and the process waits for the drop.
        let after = try cli.run(["report", "all", "--range", "7d,all", "--as-of", asOf, "--db", "r.db", "-o", "after"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try cli.sqlite3("r.db", oldTables) == ["0"])
        #expect(try cli.sqlite3("r.db", "PRAGMA integrity_check") == ["ok"])
        // The same figures as a rebuild from scratch of the same events.
        let full = try cli.run(["report", "all", "--range", "7d,all", "--as-of", asOf, "--db", "r.db", "-o", "full", "--full"])
        #expect(full.status == 0, "\(full.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.path("after"))
        #expect(names.count == 8)
        for name in names {
            let incremental = try Self.figures(try Data(contentsOf: URL(fileURLWithPath: cli.path("after/\(name)"))))
            let rebuilt = try Self.figures(try Data(contentsOf: URL(fileURLWithPath: cli.path("full/\(name)"))))
            #expect(incremental == rebuilt, "\(name)")
        }
    }

    @Test("several reports without -o DIR, or as one PDF, are refused with a one-line reason", arguments: [
        ["report", "all", "--range", "7d"], ["report", "user_activity", "--range", "1d,7d"],
        ["report", "all", "--format", "pdf", "-o", "x.pdf"],
    ])
    func batchNeedsADirectory(arguments: [String]) throws {
        let result = try cli.run(arguments + ["--db", "r.db"])
        #expect(result.status != 0)
        #expect(result.stderrLines.first?.contains("-o DIR") == true || result.stderrLines.first?.contains("one report type") == true)
    }
}
