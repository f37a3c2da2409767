import Foundation
import Testing

@Suite("espice-analytics import")
struct ImportCommandTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    static let good = [
        #"{"event_type": "document_processed", "event_data": {"processing_time_ms": 900}, "timestamp": "2025-06-01T12:00:00Z"}"#,
        #"{"event_type": "page_view", "user_id": "山田太郎", "timestamp": 1748779200}"#,
    ]

    @Test("a clean import prints one summary line, nothing on stderr, and exits 0")
    func clean() throws {
        let file = try cli.write("good.ndjson", Self.good.joined(separator: "\n") + "\n")
        let result = try cli.run(["import", "--db", "a.db", file])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdoutLines.count == 1)
        #expect(result.stdout.hasPrefix("imported 2 events, rejected 0 lines into a.db in "))
    }

    @Test("rejected lines: FILE:LINE: reason on stderr, the first 20 then a count, exit status 2")
    func rejectedLines() throws {
        // Line 1 good, lines 2…26 bad (25 of them), line 27 good.
        let lines = [Self.good[0]] + (2...26).map { #"{"event_type": "bad type \#($0)"}"# } + [Self.good[1]]
        let file = try cli.write("mixed.ndjson", lines.joined(separator: "\n"))
        let result = try cli.run(["import", "--db", "mixed.db", file])
        #expect(result.status == 2)
        let errors = result.stderrLines
        try #require(errors.count == 21)
        for (index, line) in errors.prefix(20).enumerated() {
            #expect(line.hasPrefix("\(file):\(index + 2): event_type: may only contain letters"))
        }
        #expect(errors[20] == "… and 5 more rejected lines")
        #expect(result.stdout.hasPrefix("imported 2 events, rejected 25 lines into mixed.db"))
    }

    @Test("--strict: the first bad line is named, nothing is stored, non-zero exit")
    func strict() throws {
        let file = try cli.write("strict.ndjson", Self.good[0] + "\n{\"event_type\": 5}\n" + Self.good[1])
        let result = try cli.run(["import", "--strict", "--db", "strict.db", file])
        #expect(result.status != 0)
        #expect(result.stderrLines == [
            "Error: \(file):2: event_type: must be a string, got a number (--strict: nothing was imported)",
        ])
        let info = try cli.run(["db", "info", "--db", "strict.db", "--json"])
        #expect(info.stdout.contains(#""event_count" : 0"#))
    }

    @Test("an unreadable file is named on stderr; the other files are imported; exit status 2")
    func unreadable() throws {
        let file = try cli.write("good.ndjson", Self.good.joined(separator: "\n"))
        let result = try cli.run(["import", "--db", "u.db", "missing.ndjson", file])
        #expect(result.status == 2)
        #expect(result.stderrLines == ["missing.ndjson: No such file or directory"])
        #expect(result.stdout.hasPrefix("imported 2 events, rejected 0 lines, 1 unreadable file into u.db"))
    }

    @Test("- reads standard input; --format csv reads it as CSV")
    func standardInput() throws {
        let result = try cli.run(
            ["import", "--format", "csv", "--db", "stdin.db", "-"],
            input: "event_type,user_id,event_data\nlogin,\"Groß, Jürgen\",\"{\"\"a\"\": 1}\"\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("imported 1 event, rejected 0 lines into stdin.db"))
    }

    @Test("import without a FILE is a usage error")
    func noFiles() throws {
        let result = try cli.run(["import", "--db", "x.db"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Missing expected argument '<FILE> ...'"))
    }
}
