/// Decodes the content of a JSON string that holds escapes (`\n`, `\u00e9`, surrogate pairs).
enum JSONStringUnescaper {
    /// `offset` is where `content` starts in the document, for error positions.
    static func unescape(_ content: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONSyntaxError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(content.count)
        var index = 0
        func fail(_ message: String) -> JSONSyntaxError {
            JSONSyntaxError(offset: offset + index, message: message)
        }
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < content.count else { throw fail("invalid escape") }
            let code = content[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(content, at: index, offset: offset)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 6 <= content.count, content[index] == UInt8(ascii: "\\"),
                        content[index + 1] == UInt8(ascii: "u")
                    else { throw fail("unpaired surrogate in \\u escape") }
                    let low = try hex4(content, at: index + 2, offset: offset)
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("unpaired surrogate in \\u escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                output.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw fail("invalid escape")
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hex4(_ content: UnsafeBufferPointer<UInt8>, at index: Int, offset: Int) throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= content.count else {
            throw JSONSyntaxError(offset: offset + index, message: "truncated \\u escape")
        }
        var value: UInt32 = 0
        for position in index..<(index + 4) {
            guard let digit = JSONScanner.hexValue(content[position]) else {
                throw JSONSyntaxError(offset: offset + position, message: "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
