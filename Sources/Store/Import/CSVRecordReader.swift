/// Splits RFC 4180 CSV into records on top of ``LineReader``: quoted fields may hold commas,
/// doubled quotes and line breaks. Blank lines are skipped.
final class CSVRecordReader {
    enum Record {
        case fields(line: Int, [String])
        case invalid(line: Int, reason: String)
    }

    private let lines: LineReader
    /// A record may span at most this many bytes (it is buffered whole).
    private let maxRecordBytes = 4 << 20

    init(_ lines: LineReader) {
        self.lines = lines
    }

    var bytesRead: Int { lines.bytesRead }

    func next() throws(ImportError) -> Record? {
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var afterQuote = false
        var firstLine = 0
        var recordBytes = 0
        while let line = try lines.next() {
            if firstLine == 0 { firstLine = lines.lineNumber }
            guard case .text(let bytes) = line else {
                return .invalid(line: firstLine, reason: "line longer than 4 MiB")
            }
            if !inQuotes && bytes.isEmpty && fields.isEmpty && field.isEmpty {
                firstLine = 0
                continue  // blank line
            }
            recordBytes += bytes.count
            if recordBytes > maxRecordBytes {
                return .invalid(line: firstLine, reason: "record longer than 4 MiB")
            }
            for byte in bytes {
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        inQuotes = false
                        afterQuote = true
                    } else {
                        field.append(byte)
                    }
                } else if byte == UInt8(ascii: "\"") {
                    if afterQuote {
                        field.append(byte)  // "" inside a quoted field
                        inQuotes = true
                        afterQuote = false
                    } else if field.isEmpty {
                        inQuotes = true
                    } else {
                        return .invalid(line: firstLine, reason: "stray quote inside an unquoted field")
                    }
                } else if byte == UInt8(ascii: ",") {
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    afterQuote = false
                } else if afterQuote {
                    return .invalid(line: firstLine, reason: "unexpected character after a closing quote")
                } else {
                    field.append(byte)
                }
            }
            if inQuotes {
                field.append(0x0A)  // the field goes on on the next line
                continue
            }
            fields.append(String(decoding: field, as: UTF8.self))
            return .fields(line: firstLine, fields)
        }
        if inQuotes { return .invalid(line: firstLine, reason: "unterminated quoted field at end of file") }
        return nil
    }
}
