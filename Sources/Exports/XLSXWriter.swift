internal import CXLSXWriter
internal import Foundation

/// Writes a report's tables as an XLSX workbook through libxlsxwriter: one sheet per table,
/// numbers as numbers, header row bold and frozen, an autofilter, column widths fitted to the
/// content, text neutralised against formula injection like the CSV. A table longer than a
/// sheet (1,048,576 rows with the header: a 30-day user_activity list of 200,000 users can be
/// longer) goes on into sheets named `NAME (2)`, `NAME (3)` …, each with the header. A report
/// with a table of 10,000 rows or more is written by ``XLSXPackage`` instead, with the same
/// content (tests read both back with openpyxl).
public enum XLSXWriter {
    /// The data rows a sheet holds: Excel's 1,048,576 rows less the header.
    static let rowsPerSheet = 1_048_575

    /// From this many rows in one table, the workbook is written by ``XLSXPackage`` rather than
    /// libxlsxwriter (the same content, several times faster for long tables: a day of a
    /// 200,000-user year, 83,000 rows, took 0.8 s through libxlsxwriter and 0.1 s through it).
    static let longTableRows = 10_000

    /// Writes `tables` to `path`; `title` and the creation time go into the document properties.
    /// With `inPlace`, a long workbook (``XLSXPackage``) is written over the file already at
    /// `path` rather than replacing it (``ZipArchive/init(path:inPlace:)``); no other name may
    /// link to that file.
    public static func write(
        _ tables: [ReportTable], to path: String, title: String, createdAt epochSeconds: Int64, inPlace: Bool = false
    ) throws(ExportsError) {
        try write(tables, to: path, title: title, createdAt: epochSeconds, rowsPerSheet: rowsPerSheet, inPlace: inPlace)
    }

    /// ``write(_:to:title:createdAt:)`` with sheets of at most `rowsPerSheet` data rows, through
    /// ``XLSXPackage`` when a table has `longTableRows` rows or more.
    static func write(
        _ tables: [ReportTable], to path: String, title: String, createdAt epochSeconds: Int64, rowsPerSheet: Int,
        longTableRows: Int = longTableRows, inPlace: Bool = false
    ) throws(ExportsError) {
        let sheets = plan(tables, rowsPerSheet: rowsPerSheet)
        if tables.contains(where: { $0.rows.count >= longTableRows }) {
            try XLSXPackage.write(tables, to: path, title: title, createdAt: epochSeconds, sheets: sheets, inPlace: inPlace)
            return
        }
        let workbook = try Workbook(path: path)
        try workbook.setProperties(title: title, created: epochSeconds)
        let header = workbook.boldFormat()
        for sheet in sheets {
            let table = tables[sheet.table]
            let handle = try workbook.addSheet(named: sheet.name)
            try writeSheet(handle, table.columns, table.rows[sheet.rows], widths: sheet.widths, header: header, path: path)
        }
        try workbook.close()
    }

    /// The sheets of `tables`: each table's, or for a table longer than `rowsPerSheet`, its
    /// sheets `NAME`, `NAME (2)` … (names cut to Excel's 31 characters), each with the table's
    /// column widths. Widths come first because rows are written once, as they are read.
    static func plan(_ tables: [ReportTable], rowsPerSheet: Int) -> [XLSXPackage.Sheet] {
        var sheets: [XLSXPackage.Sheet] = []
        for (index, table) in tables.enumerated() {
            var widths = table.columns.map { min(60, max(8, $0.count + 2)) }
            if let coded = table.rows.coded, coded.columns.count == table.columns.count {
                // The texts the rows use, each measured once.
                for (column, texts) in coded.usedTexts().enumerated() {
                    for value in texts ?? [] { widths[column] = min(60, max(widths[column], shownLength(value) + 2)) }
                }
            } else {
                table.rows.forEachRow { row in
                    for (column, cell) in row.enumerated() where column < table.columns.count {
                        if case .text(let value) = cell { widths[column] = min(60, max(widths[column], shownLength(value) + 2)) }
                    }
                }
            }
            let starts = Array(stride(from: 0, to: max(1, table.rows.count), by: max(1, rowsPerSheet)))
            for (part, start) in starts.enumerated() {
                let suffix = part == 0 ? "" : " (\(part + 1))"
                sheets.append(XLSXPackage.Sheet(
                    name: String(table.name.prefix(31 - suffix.count)) + suffix, table: index,
                    rows: start..<min(table.rows.count, start + rowsPerSheet), widths: widths))
            }
        }
        return sheets
    }

    /// The characters of `value` as its cell shows it (neutralised): its byte count when it is
    /// ASCII without a CR (CR LF is one character), counted as characters otherwise. Every text
    /// cell of a sheet is measured for the column widths: a 90-day user_activity sheet has
    /// millions, and counting characters was a cost of its own (issue 16).
    static func shownLength(_ value: String) -> Int {
        var copy = value
        let ascii: Int? = copy.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
            guard let first = bytes.first else { return 0 }
            let formula = first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09
            return bytes.count + (formula ? 1 : 0)
        }
        return ascii ?? CSVWriter.neutralize(value).count
    }

    /// One sheet: column widths, the bold header, `rows`, the frozen header and the autofilter.
    private static func writeSheet(
        _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ columns: [String], _ rows: Slice<ReportRows>, widths: [Int],
        header: UnsafeMutablePointer<lxw_format>?, path: String
    ) throws(ExportsError) {
        for (column, width) in widths.enumerated() {
            try Workbook.check(worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), Double(width), nil), "set column", path)
        }
        for (column, name) in columns.enumerated() {
            try Workbook.check(worksheet_write_string(sheet, 0, lxw_col_t(column), name, header), "write header", path)
        }
        for (index, row) in rows.enumerated() {
            let line = lxw_row_t(index + 1)
            for (column, cell) in row.enumerated() where column < columns.count {
                switch cell {
                case .integer(let value):
                    try Workbook.check(worksheet_write_number(sheet, line, lxw_col_t(column), Double(value), nil), "write number", path)
                case .number(let value):
                    try Workbook.check(worksheet_write_number(sheet, line, lxw_col_t(column), value, nil), "write number", path)
                case .text(let value):
                    let text = CSVWriter.neutralize(value)
                    try Workbook.check(worksheet_write_string(sheet, line, lxw_col_t(column), text, nil), "write text", path)
                case .null:
                    break
                }
            }
        }
        worksheet_freeze_panes(sheet, 1, 0)
        if !columns.isEmpty {
            try Workbook.check(worksheet_autofilter(sheet, 0, 0, lxw_row_t(rows.count), lxw_col_t(columns.count - 1)), "autofilter", path)
        }
    }
}

/// Owns a libxlsxwriter workbook; closing writes the file. Every C status goes through ``check``.
final class Workbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private let path: String
    /// C strings the document properties point to, alive until close.
    private var retained: [UnsafeMutablePointer<CChar>] = []

    init(path: String) throws(ExportsError) {
        self.path = path
        // Constant memory: each row goes to a temporary file once the next begins, instead of
        // every cell of a 90-day user_activity sheet staying in memory until the file is closed.
        var options = lxw_workbook_options()
        options.constant_memory = UInt8(LXW_TRUE.rawValue)
        guard let handle = workbook_new_opt(path, &options) else {
            throw ExportsError(path: path, message: "cannot create workbook")
        }
        self.handle = handle
    }

    func setProperties(title: String, created: Int64) throws(ExportsError) {
        var properties = lxw_doc_properties()
        let titleCopy = strdup(title)!
        retained.append(titleCopy)
        properties.title = titleCopy
        properties.created = time_t(created)
        try Self.check(workbook_set_properties(handle, &properties), "set properties", path)
    }

    func boldFormat() -> UnsafeMutablePointer<lxw_format>? {
        let format = workbook_add_format(handle)
        format_set_bold(format)
        return format
    }

    func addSheet(named name: String) throws(ExportsError) -> UnsafeMutablePointer<lxw_worksheet> {
        guard let sheet = workbook_add_worksheet(handle, name) else {
            throw ExportsError(path: path, message: "cannot add sheet \"\(name)\"")
        }
        return sheet
    }

    func close() throws(ExportsError) {
        guard let open = handle else { return }
        handle = nil
        let status = workbook_close(open)
        try Self.check(status, "close", path)
    }

    deinit {
        if let handle { workbook_close(handle) }
        retained.forEach { free($0) }
    }

    static func check(_ status: lxw_error, _ what: String, _ path: String) throws(ExportsError) {
        guard status != LXW_NO_ERROR else { return }
        throw ExportsError(path: path, message: "\(what): \(String(cString: lxw_strerror(status)))")
    }
}

/// An export that could not be written: the file and why.
public struct ExportsError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}
