internal import Foundation

/// The XML of one worksheet, written as bytes into the open entry of a ``ZipArchive``. Rows and
/// cells carry no `r` reference (it is optional: each row follows the last, each cell the last),
/// so a row's bytes do not depend on where it lands.
enum SheetXML {
    static func write(
        _ table: ReportTable, rows: Range<Int>, widths: [Int], selected: Bool, to zip: ZipArchive
    ) throws(ExportsError) {
        var out: [UInt8] = []
        out.reserveCapacity(300_000)
        let columns = table.columns.count
        out += Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(XLSXPackage.main)" xmlns:r="\(XLSXPackage.relationships)">\
            <sheetViews><sheetView \(selected ? "tabSelected=\"1\" " : "")workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/>
            """.utf8)
        if !widths.isEmpty {
            out += Array("<cols>".utf8)
            for (index, width) in widths.enumerated() {
                out += Array("<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(columnWidth(width))\" customWidth=\"1\"/>".utf8)
            }
            out += Array("</cols>".utf8)
        }
        out += Array("<sheetData><row>".utf8)
        for name in table.columns {
            out += Array("<c t=\"inlineStr\" s=\"1\"><is><t".utf8)
            appendText(name, to: &out)
            out += Array("</t></is></c>".utf8)
        }
        out += Array("</row>".utf8)
        let rowOpen = Array("<row>".utf8), rowClose = Array("</row>".utf8)
        let numberOpen = Array("<c><v>".utf8), numberClose = Array("</v></c>".utf8)
        let textOpen = Array("<c t=\"inlineStr\"><is><t".utf8), textClose = Array("</t></is></c>".utf8)
        let empty = Array("<c/>".utf8)
        if let coded = table.rows.coded, coded.columns.count == columns {
            // Each text's cell once; per row, its bytes.
            try zip.write(out)
            out.removeAll(keepingCapacity: true)
            let lines = CodedLines.sheet(rows: coded) { text, out in
                guard !text.isEmpty else { return out += empty }
                out += textOpen
                appendText(CSVWriter.neutralize(text), to: &out)
                out += textClose
            }
            try lines.write(coded, in: rows) { (chunk) throws(ExportsError) in try zip.write(chunk) }
            return try finish(&out, columns: columns, rows: rows, zip: zip)
        }
        try table.rows.forEachRow(in: rows) { (row) throws(ExportsError) in
            out += rowOpen
            for cell in row.prefix(columns) {
                switch cell {
                case .integer(let value):
                    out += numberOpen
                    CSVWriter.appendDecimal(value, to: &out)
                    out += numberClose
                case .number(let value) where value.isFinite:
                    out += numberOpen
                    // Whole numbers without a fraction, as libxlsxwriter's `%.16G` writes them.
                    if value == value.rounded(), abs(value) < 1e15 {
                        CSVWriter.appendDecimal(Int64(value), to: &out)
                    } else {
                        out += Array("\(value)".utf8)
                    }
                    out += numberClose
                case .text(let value) where !value.isEmpty:
                    out += textOpen
                    appendText(CSVWriter.neutralize(value), to: &out)
                    out += textClose
                case .number, .text, .null:
                    // An empty text is a blank cell, as libxlsxwriter writes it.
                    out += empty
                }
            }
            out += rowClose
            if out.count >= 262_144 {
                try zip.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try finish(&out, columns: columns, rows: rows, zip: zip)
    }

    /// The end of the sheet after its rows.
    private static func finish(_ out: inout [UInt8], columns: Int, rows: Range<Int>, zip: ZipArchive) throws(ExportsError) {
        out += Array("</sheetData>".utf8)
        if columns > 0 {
            out += Array("<autoFilter ref=\"\(filterRange(columns: columns, rows: rows.count))\"/>".utf8)
        }
        out += Array("</worksheet>".utf8)
        try zip.write(out)
    }

    /// The rest of a `<t` element's start tag, then `text` escaped for XML: `&`, `<` and `>` as
    /// entities, CR as a character reference (XML would read it as LF), other control
    /// characters as Excel's `_xHHHH_`; `xml:space="preserve"` when the text starts or ends
    /// with white space.
    static func appendText(_ text: String, to out: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { bytes in
            let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            if let first = bytes.first, let last = bytes.last, space(first) || space(last) {
                out += Array(" xml:space=\"preserve\">".utf8)
            } else {
                out.append(UInt8(ascii: ">"))
            }
            guard bytes.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else {
                out.append(contentsOf: bytes)
                return
            }
            let hex = Array("0123456789ABCDEF".utf8)
            for byte in bytes {
                switch byte {
                case 0x26: out += Array("&amp;".utf8)
                case 0x3C: out += Array("&lt;".utf8)
                case 0x3E: out += Array("&gt;".utf8)
                case 0x0D: out += Array("&#13;".utf8)
                case 0x09, 0x0A: out.append(byte)
                case 0..<0x20: out += Array("_x00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)], UInt8(ascii: "_")]
                default: out.append(byte)
                }
            }
        }
    }

    /// The header and `rows` rows of `columns` columns: `A1:C11`, or `A1` for a single cell
    /// (`$` before each part with `absolute`, as a defined name has them).
    static func filterRange(columns: Int, rows: Int, absolute: Bool = false) -> String {
        let mark = absolute ? "$" : ""
        let first = "\(mark)A\(mark)1"
        guard columns > 1 || rows > 0 else { return first }
        return first + ":\(mark)\(column(columns - 1))\(mark)\(rows + 1)"
    }

    /// A column width as libxlsxwriter stores `characters`: in the units of Excel's default
    /// font (digits 7 pixels wide, 5 pixels of padding), in 256ths.
    static func columnWidth(_ characters: Int) -> Double {
        let pixels = Double(Int(Double(characters) * 7 + 0.5)) + 5
        return Double(Int(pixels / 7 * 256)) / 256
    }

    /// The letters of column `index` (0 = A, 25 = Z, 26 = AA).
    static func column(_ index: Int) -> String {
        var letters = ""
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            rest = (rest - 1) / 26
        }
        return letters
    }
}

/// Text escaped for XML content and attribute values.
enum XMLText {
    static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        SheetXML.appendText(text, to: &out)
        // Without the start tag's end that appendText writes first.
        let body = out.first == UInt8(ascii: ">") ? out.dropFirst() : out.dropFirst(" xml:space=\"preserve\">".utf8.count)
        return String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
