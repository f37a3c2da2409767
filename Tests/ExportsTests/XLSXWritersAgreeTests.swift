@testable import Exports
import Foundation
@testable import Store
import Testing

/// The workbook written without libxlsxwriter (``XLSXPackage``, for long tables) against the
/// one libxlsxwriter writes for the same tables, both read back by openpyxl: libxlsxwriter is
/// the reference here.
@Suite("XLSX writers agree")
struct XLSXWritersAgreeTests {
    @Test("random cells read back the same from both writers: values, sheets, widths, header, filter", arguments: [UInt64(1), 2, 3])
    func sameContent(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let texts = ["", "plain", " lead", "trail ", "a & b", "<tag>", "x > y", "say \"hi\"", "it's", "line\nbreak", "tab\there",
                     "\u{1}ctl", "=SUM(A1)", "+1", "-5", "@x", "\tlead", "山田太郎", "Zürich", "e\u{301}", "🇫🇷 flag", "_x0041_",
                     String(repeating: "long ", count: 30)]
        func cell() -> ReportTable.Cell {
            switch random.next() % 6 {
            case 0: .integer([0, 7, -7, 1_234_567, 999_999_999_999, -1][Int(random.next() % 6)])
            case 1: .number([0.5, -2.25, 3.0, 1e20, 12.0, 0.1, 1e-7, 123_456.789][Int(random.next() % 8)])
            case 2, 3: .text(texts[Int(random.next() % UInt64(texts.count))])
            default: .null
            }
        }
        let tables = [
            ReportTable(name: "first", columns: ["a", "b", "c"], rows: (0..<40).map { _ in [cell(), cell(), cell()] }),
            ReportTable(name: "second & more", columns: ["c", "d"], rows: (0..<25).map { _ in (0..<Int(random.next() % 4)).map { _ in cell() } }),
            ReportTable(name: "empty", columns: ["x"], rows: []),
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-agree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (reference, own) = (directory.appendingPathComponent("lib.xlsx").path, directory.appendingPathComponent("own.xlsx").path)
        try XLSXWriter.write(tables, to: reference, title: "T", createdAt: 1_764_000_000, rowsPerSheet: 30, longTableRows: .max)
        try XLSXWriter.write(tables, to: own, title: "T", createdAt: 1_764_000_000, rowsPerSheet: 30, longTableRows: 0)
        #expect(try Self.readBackEqual(reference, own) == "equal")
    }

    /// "equal" when openpyxl reads the same title, sheets, values, widths, frozen pane, filter
    /// and bold header from both workbooks; what differs otherwise.
    static func readBackEqual(_ first: String, _ second: String) throws -> String {
        let script = """
            import sys, openpyxl
            def dump(path):
                book = openpyxl.load_workbook(path)
                out = [book.properties.title]
                for name in book.sheetnames:
                    sheet = book[name]
                    rows = [[c.value for c in row] for row in sheet.iter_rows()]
                    rows = [[v for v in row] for row in rows]
                    for row in rows:
                        while row and row[-1] is None: row.pop()
                    # Empty rows at the end are no content: libxlsxwriter leaves them out.
                    while rows and not rows[-1]: rows.pop()
                    widths = {k: round(v.width) for k, v in sheet.column_dimensions.items() if v.width}
                    out.append((name, rows, widths, sheet.freeze_panes, sheet.auto_filter.ref, [c.font.b for c in sheet[1]]))
                return out
            a, b = dump(sys.argv[1]), dump(sys.argv[2])
            if a != b:
                for x, y in zip(a, b):
                    if x == y: continue
                    if not isinstance(x, tuple): print("title", repr(x), repr(y)); continue
                    print("sheet", x[0], "widths/freeze/filter/bold", x[2:], y[2:])
                    rows = [(i, r, q) for i, (r, q) in enumerate(zip(x[1], y[1])) if r != q]
                    print("  rows", len(x[1]), len(y[1]), "first differing", rows[:3])
                sys.exit(1)
            print("equal")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, first, second]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output.trimmingCharacters(in: .whitespacesAndNewlines) : output
    }
}
