import Foundation
import Testing

@Suite("espice-analytics report --format pdf --pdf-rows")
struct ReportPDFRowsTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    /// 30 users with one event each on 2026-11-27: 30 user-day rows and 30 users.
    func importThirtyUsers() throws {
        let lines = (1...30).map { #"{"event_type":"login","timestamp":"2026-11-27T10:\#(String(format: "%02d", $0)):00Z","user_id":"reader-\#(String(format: "%02d", $0))"}"# }
        _ = try cli.write("users.ndjson", lines.joined(separator: "\n"))
        let imported = try cli.run(["import", "--db", "r.db", "users.ndjson"])
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    func pdf(_ extra: [String]) throws -> String {
        let result = try cli.run(["report", "user_activity", "--range", "7d", "--as-of", "2026-11-28T00:00:00Z", "--db", "r.db",
                                  "--format", "pdf", "-o", "u.pdf"] + extra)
        try #require(result.status == 0, "\(result.stderr)")
        return try cli.pdftotext("u.pdf")
    }

    @Test("--pdf-rows 10 prints ten rows of each long table and says the other twenty are in the CSV")
    func capped() throws {
        try importThirtyUsers()
        let text = try pdf(["--pdf-rows", "10"])
        // The per-user-day table and the users table have 30 rows each: 20 left out of both.
        #expect(text.components(separatedBy: "more rows are left out").count - 1 == 2)
        #expect(text.components(separatedBy: "20 more rows are left out").count - 1 == 2)
        #expect(text.contains("up to 10 rows each"))
        let printed = (1...30).filter { text.contains(String(format: "reader-%02d", $0)) }
        #expect(printed.count >= 10 && printed.count < 30)
    }

    @Test("--pdf-rows all prints every row, and the default prints every row of a table under 5,000")
    func everyRow() throws {
        try importThirtyUsers()
        for extra in [["--pdf-rows", "all"], []] {
            let text = try pdf(extra)
            #expect(!text.contains("more rows are left out"), "\(extra)")
            #expect(text.contains("in full, as in the CSV and XLSX downloads"), "\(extra)")
            #expect((1...30).allSatisfy { text.contains(String(format: "reader-%02d", $0)) }, "\(extra)")
        }
    }

    @Test("a --pdf-rows that is not a positive number or `all` is refused with a one-line reason", arguments: ["0", "-3", "many", ""])
    func refused(value: String) throws {
        let result = try cli.run(["report", "user_activity", "--db", "r.db", "--format", "pdf", "-o", "u.pdf", "--pdf-rows", value])
        #expect(result.status != 0)
        #expect(result.stderrLines.first?.contains("--pdf-rows") == true, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("u.pdf")))
    }
}
