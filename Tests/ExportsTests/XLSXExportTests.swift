import Exports
import Foundation
import Testing

@Suite("XLSX export")
struct XLSXExportTests {
    /// Read back with Python's openpyxl: sheets, frozen header, numbers as numbers, neutralised text.
    @Test("tables become sheets that openpyxl reads back with numbers as numbers")
    func roundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("r.xlsx").path
        let tables = [
            ReportTable(name: "summary", columns: ["metric", "value"], rows: [[.text("success_rate"), .number(97.25)], [.text("total"), .integer(1234)]]),
            ReportTable(
                name: "users", columns: ["user_id", "activity_count"],
                rows: [[.text("=HYPERLINK(\"http://x\")"), .integer(3)], [.text("山田太郎"), .integer(2)], [.null, .integer(1)]]),
        ]
        try XLSXWriter.write(tables, to: path, title: "Test", createdAt: 1_764_000_000)
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = {'sheets': book.sheetnames}
            users = book['users']
            out['freeze'] = users.freeze_panes
            out['filter'] = users.auto_filter.ref
            out['rows'] = [[c.value for c in row] for row in users.iter_rows(min_row=2)]
            out['summary'] = [[c.value for c in row] for row in book['summary'].iter_rows(min_row=2)]
            out['types'] = [type(c.value).__name__ for c in book['summary']['B'][1:]]
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(result["sheets"] as? [String] == ["summary", "users"])
        #expect(result["freeze"] as? String == "A2")
        #expect(result["filter"] as? String == "A1:B4")
        let rows = try #require(result["rows"] as? [[Any]])
        #expect(rows[0][0] as? String == "'=HYPERLINK(\"http://x\")")
        #expect(rows[1][0] as? String == "山田太郎" && rows[1][1] as? Int == 2)
        #expect(rows[2][0] is NSNull)
        #expect(result["types"] as? [String] == ["float", "int"])
    }
}
