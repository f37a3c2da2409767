public import Foundation

/// RFC 4180 CSV (UTF-8, CRLF line ends, quotes doubled).
///
/// A whole report is one file: a `section` column names the table each row comes from, and the
/// header is `section` followed by every table's columns in order of first appearance (a row
/// leaves the columns of other tables empty) — `csv.DictReader` reads it as it is.
///
/// Text cells that start with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so that no
/// spreadsheet runs them as formulas.
public enum CSVWriter {
    public static func csv(_ tables: [ReportTable]) -> String {
        String(decoding: data(tables), as: UTF8.self)
    }

    /// The same CSV as bytes, built in 64 KiB pieces: a 90-day user_activity table has
    /// hundreds of thousands of rows, and this way they exist once in memory.
    public static func data(_ tables: [ReportTable]) -> Data {
        var result = Data()
        write(tables) { result.append(contentsOf: $0) }
        return result
    }

    /// The same CSV written to the file at `path` (created or replaced) in 64 KiB pieces, so
    /// that neither its rows nor its bytes are ever all in memory: a year's user_activity list
    /// can be hundreds of megabytes. It is written to a temporary file beside `path` and renamed
    /// over it: a reader finds the old file or the new one, never a part.
    public static func write(_ tables: [ReportTable], toFile path: String) throws(ExportsError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        guard let file = fopen(temporary, "wb") else {
            throw ExportsError(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        var failed = false
        write(tables) { piece in
            if !failed, fwrite(piece, 1, piece.count, file) != piece.count { failed = true }
        }
        if fclose(file) != 0 || failed || rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ExportsError(path: path, message: "cannot write: \(reason)")
        }
    }

    /// The same CSV handed to `sink` in pieces of about 64 KiB (standard output, say); the first
    /// error `sink` throws stops the writing and is rethrown.
    public static func write(_ tables: [ReportTable], into sink: ([UInt8]) throws -> Void) throws {
        var failure: (any Error)?
        write(tables) { piece in
            guard failure == nil else { return }
            do { try sink(piece) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The CSV of `tables`, handed to `sink` in pieces of about 64 KiB.
    static func write(_ tables: [ReportTable], _ sink: ([UInt8]) -> Void) {
        var columns: [String] = []
        var position: [String: Int] = [:]
        for table in tables {
            for column in table.columns where position[column] == nil {
                position[column] = columns.count
                columns.append(column)
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(70_000)
        out.append(contentsOf: line(["section"] + columns).utf8)
        let commas = [UInt8](repeating: UInt8(ascii: ","), count: columns.count)
        for table in tables {
            let name = Array(escape(table.name).utf8)
            // The table's cells in header order: (header position, the row's index). Every other
            // position is an empty field, written as its comma alone — a user_activity row fills
            // 3 of the ~35 columns of its report's header, and went through all of them.
            var source = [Int](repeating: -1, count: columns.count)
            for (index, column) in table.columns.enumerated() { source[position[column]!] = index }
            let plan = source.enumerated().filter { $0.element >= 0 }.map { (position: $0.offset, index: $0.element) }
            if let coded = table.rows.coded, coded.columns.count == table.columns.count {
                sink(out)
                out.removeAll(keepingCapacity: true)
                CodedLines.csv(name: name, plan: plan, headerColumns: columns.count, rows: coded) { append(.text($0), to: &$1) }
                    .write(coded, in: 0..<coded.count, sink)
                continue
            }
            table.rows.forEachRow { row in
                out.append(contentsOf: name)
                var written = 0
                for (position, index) in plan {
                    out.append(contentsOf: commas[written...position])
                    if index < row.count { append(row[index], to: &out) }
                    written = position + 1
                }
                out.append(contentsOf: commas[written...])
                out.append(contentsOf: [13, 10])
                if out.count >= 65_536 {
                    sink(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
        }
        sink(out)
    }

    /// One table alone (header row, then rows).
    public static func csv(_ table: ReportTable) -> String {
        var out = line(table.columns)
        for row in table.rows { out += line(row.map(field), escaped: true) }
        return out
    }

    private static func line(_ fields: [String], escaped: Bool = false) -> String {
        (escaped ? fields : fields.map { escape(neutralize($0)) }).joined(separator: ",") + "\r\n"
    }

    /// ``field(_:)``'s bytes, appended without making a `String` for the common cells (integers,
    /// and text that needs no quotes and no `'`): a 90-day user_activity CSV has millions.
    private static func append(_ cell: ReportTable.Cell, to out: inout [UInt8]) {
        switch cell {
        case .integer(let value):
            appendDecimal(value, to: &out)
        case .text(var value):
            let plain = value.withUTF8 { bytes in
                guard let first = bytes.first, !(first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D)
                else { return bytes.isEmpty }
                return !bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            }
            if plain {
                value.withUTF8 { out.append(contentsOf: $0) }
            } else {
                out.append(contentsOf: field(cell).utf8)
            }
        case .number:
            out.append(contentsOf: cell.text.utf8)
        case .null:
            break
        }
    }

    /// The decimal digits of `value`, as `String(value)` writes them.
    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var rest = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        out[start...].reverse()
    }

    private static func field(_ cell: ReportTable.Cell) -> String {
        switch cell {
        case .text(let value): escape(neutralize(value))
        default: cell.text
        }
    }

    /// Prefixes text a spreadsheet would treat as a formula with `'`.
    public static func neutralize(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + value
        default: return value
        }
    }

    static func escape(_ value: String) -> String {
        // Commas, quotes and line breaks are ASCII: look at the bytes, not at characters.
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return value
        }
        var quoted = "\""
        for character in value {
            quoted.append(character)
            if character == "\"" { quoted.append("\"") }
        }
        return quoted + "\""
    }
}
