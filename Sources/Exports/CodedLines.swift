/// Lines made of rows given as codes (``CodedRows``): a CSV line per row, or a worksheet's
/// `<row>` element. Each text is encoded once (as its field, or as its whole cell); a line is
/// copied together from the fixed parts between its fields and its fields' bytes, straight into
/// chunks of about 256 KiB. A 90-day user_activity list of a busy site has 7.5 million rows, and
/// growing an array a few bytes at a time took most of writing them (issue 16).
struct CodedLines {
    /// Before each field, and after the last one.
    private let pieces: [[UInt8]]
    /// The row column of each field in line order, and its texts' bytes (nil: an integer).
    private let fields: [(column: Int, texts: EncodedTexts?)]
    private let longestLine: Int

    /// `pieces` has one more element than `fields`.
    init(pieces: [[UInt8]], fields: [(column: Int, texts: EncodedTexts?)]) {
        precondition(pieces.count == fields.count + 1, "CodedLines: a piece before each field and one after the last")
        self.pieces = pieces
        self.fields = fields
        longestLine = pieces.reduce(0) { $0 + $1.count } + fields.reduce(0) { $0 + ($1.texts?.longest ?? 20) }
    }

    /// The CSV lines of a table (``CSVWriter``): `plan` lists (header position, table column)
    /// of its cells in header order, `headerColumns` counts the header's columns after
    /// `section`, and `field` writes a text as its CSV field.
    static func csv(
        name: [UInt8], plan: [(position: Int, index: Int)], headerColumns: Int, rows: CodedRows, field: (String, inout [UInt8]) -> Void
    ) -> CodedLines {
        var pieces: [[UInt8]] = []
        var fields: [(column: Int, texts: EncodedTexts?)] = []
        var piece = name
        var written = 0
        for (position, index) in plan {
            pieces.append(piece + [UInt8](repeating: UInt8(ascii: ","), count: position - written + 1))
            piece = []
            written = position + 1
            fields.append((index, rows.texts(index).map { EncodedTexts($0, field) }))
        }
        pieces.append(piece + [UInt8](repeating: UInt8(ascii: ","), count: headerColumns - written) + [13, 10])
        return CodedLines(pieces: pieces, fields: fields)
    }

    /// Worksheet rows (``SheetXML``): `cell` writes a text as its whole cell element; an integer
    /// is a `<c><v>` cell.
    static func sheet(rows: CodedRows, cell: (String, inout [UInt8]) -> Void) -> CodedLines {
        var pieces: [[UInt8]] = []
        var fields: [(column: Int, texts: EncodedTexts?)] = []
        var piece = Array("<row>".utf8)
        for column in rows.columns.indices {
            if let texts = rows.texts(column) {
                pieces.append(piece)
                piece = []
                fields.append((column, EncodedTexts(texts, cell)))
            } else {
                pieces.append(piece + Array("<c><v>".utf8))
                piece = Array("</v></c>".utf8)
                fields.append((column, nil))
            }
        }
        pieces.append(piece + Array("</row>".utf8))
        return CodedLines(pieces: pieces, fields: fields)
    }

    /// Hands the lines of the rows of `range` to `sink`, a chunk at a time.
    func write<E: Error>(_ rows: CodedRows, in range: Range<Int>, _ sink: ([UInt8]) throws(E) -> Void) throws(E) {
        let perChunk = max(1, (256 << 10) / longestLine)
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + perChunk)
            let chunk = [UInt8](unsafeUninitializedCapacity: (end - start) * longestLine) { buffer, count in
                var at = buffer.baseAddress!
                rows.forEachRow(in: start..<end) { (codes) throws(Never) in
                    for (number, field) in fields.enumerated() {
                        at = Self.put(pieces[number], at: at)
                        if let texts = field.texts {
                            at += texts.put(Int(codes[field.column]), at: at)
                        } else {
                            at += Self.putDecimal(codes[field.column], at: at)
                        }
                    }
                    at = Self.put(pieces[fields.count], at: at)
                }
                count = at - buffer.baseAddress!
            }
            try sink(chunk)
            start = end
        }
    }

    private static func put(_ bytes: [UInt8], at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        bytes.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: $0.count) }
        return target + bytes.count
    }

    /// The decimal digits of `value` as `String(value)` writes them; returns how many bytes.
    static func putDecimal(_ value: Int64, at target: UnsafeMutablePointer<UInt8>) -> Int {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: up to 20 digits, backwards
        return withUnsafeMutableBytes(of: &digits) { scratch in
            var rest = value.magnitude
            var count = 0
            repeat {
                scratch[23 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            var at = target
            if value < 0 {
                at.pointee = UInt8(ascii: "-")
                at += 1
            }
            UnsafeMutableRawPointer(at).copyMemory(from: scratch.baseAddress! + 24 - count, byteCount: count)
            return count + (value < 0 ? 1 : 0)
        }
    }
}
