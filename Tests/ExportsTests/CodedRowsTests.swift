@testable import Exports
import Foundation
import Reports
@testable import Store
import Testing

/// Rows given as codes (``CodedRows``: a user_activity list's user and date numbers) read,
/// export as CSV and as a workbook exactly as the same rows given as cells.
@Suite("Coded rows")
struct CodedRowsTests {
    typealias Cell = ReportTable.Cell

    /// Texts a writer must escape or neutralise, and plain ones.
    static let texts = ["", "plain", " lead", "trail ", "a & b", "<tag>", "say \"hi\"", "a,b", "line\nbreak", "\u{1}ctl",
                        "=SUM(A1)", "+1", "-5", "@x", "\tlead", "山田太郎", "e\u{301}", "_x0041_", String(repeating: "long ", count: 20)]
    static let dates = ["2026-11-01", "2026-11-02", "2026-11-03"]

    /// `count` rows of (text, date, integer) codes from a seed, and the same rows as cells.
    static func rows(_ count: Int, seed: UInt64) -> (coded: ReportRows, cells: [[Cell]]) {
        var random = SeededRandom(seed: seed)
        let codes: [[Int64]] = (0..<count).map { _ in
            [Int64(random.next() % UInt64(texts.count)), Int64(random.next() % 3), Int64(random.next() % 2_000) - 1_000]
        }
        let cells = codes.map { [Cell.text(texts[Int($0[0])]), .text(dates[Int($0[1])]), .integer($0[2])] }
        let coded = CodedRows(columns: [.text(texts), .text(dates), .integer], count: count) { range, body in
            for index in range { try codes[index].withUnsafeBufferPointer { try body($0) } }
        }
        return (ReportRows(coded: coded), cells)
    }

    static func tables(_ rows: ReportRows) -> [ReportTable] {
        [
            ReportTable(name: "summary", columns: ["metric", "value"], rows: [[.text("active_users"), .integer(3)]]),
            ReportTable(name: "user_activity", columns: ["user_id", "date", "activity_count"], rows: rows),
        ]
    }

    @Test("coded rows read, compare and drop their last rows as the same rows stored")
    func readAsCells() {
        var (coded, cells) = Self.rows(200, seed: 1)
        #expect(coded.count == 200 && coded == ReportRows(cells))
        #expect(coded[17] == cells[17])
        var visited: [[Cell]] = []
        coded.forEachRow(in: 50..<60) { visited.append($0) }
        #expect(visited == Array(cells[50..<60]))
        coded.removeLast(5)
        cells.removeLast(5)
        #expect(coded == ReportRows(cells))
    }

    @Test("the CSV of coded rows is the CSV of the same rows stored", arguments: [UInt64(1), 2])
    func csvAgrees(seed: UInt64) {
        let (coded, cells) = Self.rows(500, seed: seed)
        let written = CSVWriter.csv(Self.tables(coded))
        #expect(written == CSVWriter.csv(Self.tables(ReportRows(cells))))
        #expect(written.contains("\"'=SUM(A1)\"") == false && written.contains("'=SUM(A1)"))
    }

    @Test("the workbook of coded rows is the stored rows' workbook, byte for byte, and reads back as libxlsxwriter's", arguments: [UInt64(1), 2])
    func workbookAgrees(seed: UInt64) throws {
        let (coded, cells) = Self.rows(95, seed: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (own, stored, reference) = (directory.appendingPathComponent("own.xlsx").path, directory.appendingPathComponent("stored.xlsx").path,
                                        directory.appendingPathComponent("lib.xlsx").path)
        // 30 rows a sheet: the coded rows are read in ranges that start inside the list.
        try XLSXWriter.write(Self.tables(coded), to: own, title: "T", createdAt: 1_764_000_000, rowsPerSheet: 30, longTableRows: 0)
        try XLSXWriter.write(Self.tables(ReportRows(cells)), to: stored, title: "T", createdAt: 1_764_000_000, rowsPerSheet: 30, longTableRows: 0)
        try XLSXWriter.write(Self.tables(ReportRows(cells)), to: reference, title: "T", createdAt: 1_764_000_000, rowsPerSheet: 30, longTableRows: .max)
        #expect(try Data(contentsOf: URL(fileURLWithPath: own)) == Data(contentsOf: URL(fileURLWithPath: stored)))
        let readBack = try XLSXWritersAgreeTests.readBackEqual(reference, own)
        #expect(readBack == "equal", "\(readBack)")
    }

    @Test("a carriage return in a coded text reads back from the workbook as one")
    func carriageReturn() throws {
        // libxlsxwriter writes CR as Excel's `_x000D_`, which openpyxl leaves as it is: checked
        // here against the text itself rather than against libxlsxwriter's workbook.
        let coded = CodedRows(columns: [.text(["cr\rhere", "=1"]), .integer], count: 2) { range, body in
            for index in range { try [Int64(index), 7].withUnsafeBufferPointer { try body($0) } }
        }
        let table = ReportTable(name: "t", columns: ["text", "n"], rows: ReportRows(coded: coded))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coded-cr-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try XLSXWriter.write([table], to: path, title: "T", createdAt: 1_764_000_000, rowsPerSheet: 30, longTableRows: 0)
        let output = try CSVExportTests().python(
            "import sys, openpyxl; print(repr([[c.value for c in r] for r in openpyxl.load_workbook(sys.argv[1])['t'].iter_rows()]))", path)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "[['text', 'n'], ['cr\\rhere', 7], [\"'=1\", 7]]")
    }

    @Test("a user_activity list's coded rows are its rows, read from any position")
    func userDayListCodes() {
        // Three days of rows (runs), users numbered in order of appearance.
        let activity = (0..<60).map { UserDayActivity(userId: "user-\($0 % 13)", date: Self.dates[$0 / 20], activityCount: Int64($0 % 7 + 1)) }
        let rows = ReportTables.userDays(UserDayList(activity))
        let cells = activity.map { [Cell.text($0.userId), .text($0.date), .integer($0.activityCount)] }
        #expect(rows.coded != nil && rows == ReportRows(cells))
        for range in [0..<60, 19..<41, 20..<20, 39..<40] {
            var visited: [[Cell]] = []
            rows.forEachRow(in: range) { visited.append($0) }
            #expect(visited == Array(cells[range]))
        }
    }
}
