@testable import Exports
import Foundation
import Testing

@Suite("XLSX export")
struct XLSXExportTests {
    /// Read back with Python's openpyxl: sheets, frozen header, numbers as numbers, neutralised text.
    @Test("tables become sheets that openpyxl reads back with numbers as numbers", arguments: [false, true])
    func roundTrip(ownPackage: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.xlsx").path
        let tables = [
            ReportTable(name: "summary", columns: ["metric", "value"], rows: [[.text("success_rate"), .number(97.25)], [.text("total"), .integer(1234)]]),
            ReportTable(
                name: "users", columns: ["user_id", "activity_count"],
                rows: [
                    [.text("=HYPERLINK(\"http://x\")"), .integer(3)], [.text("山田太郎"), .integer(2)], [.null, .integer(1)],
                    [.text(" a & <b> \u{1} x "), .number(-0.125)],
                ]),
        ]
        try XLSXWriter.write(
            tables, to: path, title: "Test <1>", createdAt: 1_764_000_000, rowsPerSheet: XLSXWriter.rowsPerSheet,
            longTableRows: ownPackage ? 0 : .max)
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
            out['title'] = book.properties.title
            out['created'] = book.properties.created.isoformat()
            out['bold'] = [users['A1'].font.b, users['A2'].font.b]
            out['widths'] = [users.column_dimensions[c].width for c in 'AB']
            print(json.dumps(out))
            """
        let result = try pythonJSON(script, path)
        #expect(result["sheets"] as? [String] == ["summary", "users"])
        #expect(result["freeze"] as? String == "A2")
        #expect(result["filter"] as? String == "A1:B5")
        let rows = try #require(result["rows"] as? [[Any]])
        #expect(rows[0][0] as? String == "'=HYPERLINK(\"http://x\")")
        #expect(rows[1][0] as? String == "山田太郎" && rows[1][1] as? Int == 2)
        #expect(rows[2][0] is NSNull)
        #expect(rows[3][0] as? String == " a & <b> _x0001_ x " && rows[3][1] as? Double == -0.125)
        #expect(result["types"] as? [String] == ["float", "int"])
        #expect(result["title"] as? String == "Test <1>")
        // date -u -d @1764000000 prints 2025-11-24 16:00:00.
        #expect(result["created"] as? String == "2025-11-24T16:00:00")
        #expect(result["bold"] as? [Bool] == [true, false])
        // The widest texts: the neutralised formula (23 characters) and the header activity_count (14), + 2.
        #expect((result["widths"] as? [Double])?.map { $0.rounded(.down) } == [25, 16])
    }

    /// A table longer than a sheet goes on into numbered sheets, each with its header; read back
    /// with openpyxl, the sheets' rows in order are the table's rows. (Sheets of 3 rows here;
    /// Excel's limit, 1,048,575 rows under the header, is what a 30-day user_activity list of
    /// 200,000 users passes.)
    @Test("a table longer than a sheet continues on numbered sheets that openpyxl reads back in order", arguments: [false, true])
    func longTableContinuesOnNumberedSheets(ownPackage: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.xlsx").path
        let long = (1...7).map { [ReportTable.Cell.text("user-\($0)"), .integer(Int64($0))] }
        let tables = [
            ReportTable(name: "user_activity_with_a_long_name_x", columns: ["user_id", "activity_count"], rows: long),
            ReportTable(name: "summary", columns: ["metric", "value"], rows: [[.text("total"), .integer(28)]]),
            ReportTable(name: "empty", columns: ["a"], rows: []),
        ]
        try XLSXWriter.write(tables, to: path, title: "Test", createdAt: 1_764_000_000, rowsPerSheet: 3, longTableRows: ownPackage ? 0 : .max)
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            out = {'sheets': book.sheetnames}
            for name in book.sheetnames:
                sheet = book[name]
                out[name] = {'header': [c.value for c in sheet[1]], 'rows': [[c.value for c in row] for row in sheet.iter_rows(min_row=2)],
                    'freeze': sheet.freeze_panes, 'filter': sheet.auto_filter.ref}
            print(json.dumps(out))
            """
        let result = try pythonJSON(script, path)
        // Sheet names stay within Excel's 31 characters, the number kept whole.
        let parts = ["user_activity_with_a_long_name_", "user_activity_with_a_long_n (2)", "user_activity_with_a_long_n (3)"]
        #expect(result["sheets"] as? [String] == parts + ["summary", "empty"])
        var rows: [[Any]] = []
        for (index, name) in parts.enumerated() {
            let sheet = try #require(result[name] as? [String: Any])
            #expect(sheet["header"] as? [String] == ["user_id", "activity_count"])
            #expect(sheet["freeze"] as? String == "A2")
            let sheetRows = try #require(sheet["rows"] as? [[Any]])
            #expect(sheetRows.count == (index < 2 ? 3 : 1))
            #expect(sheet["filter"] as? String == "A1:B\(sheetRows.count + 1)")
            rows += sheetRows
        }
        #expect(rows.map { $0[0] as? String } == (1...7).map { "user-\($0)" })
        #expect(rows.map { $0[1] as? Int } == Array(1...7))
        let empty = try #require(result["empty"] as? [String: Any])
        #expect(empty["header"] as? [String] == ["a"] && (empty["rows"] as? [Any])?.isEmpty == true)
    }

    /// Runs a Python script on `path` and reads the JSON object it prints.
    private func pythonJSON(_ script: String, _ path: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The widths' measure against counting the neutralised text's characters, its definition.
    @Test("a cell's shown length is its neutralised text's character count", arguments: [
        "", "u_1", "=SUM(A1)", "+1", "-x", "@me", "\tx", "\r\nx", "a\r\nb", "\rx", "山田太郎", "e\u{301}", "=é", "🇫🇷x", "a,b\"c",
    ])
    func shownLength(text: String) {
        #expect(XLSXWriter.shownLength(text) == CSVWriter.neutralize(text).count)
    }
}
