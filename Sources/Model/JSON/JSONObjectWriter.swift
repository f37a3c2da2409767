/// Builds a flat JSON object as text, key by key: `JSONObjectWriter().string("a", "x").finish()`.
/// Used where a document is made millions of times (the demo) and Codable would dominate: each
/// step consumes the writer, so the text grows in place instead of being copied.
public struct JSONObjectWriter: Sendable {
    private var text: String
    private var empty = true

    public init() {
        text = "{"
        text.reserveCapacity(160)
    }

    public consuming func string(_ key: String, _ value: String) -> JSONObjectWriter {
        self.key(key)
        JSONObjectWriter.appendQuoted(value, to: &text)
        return self
    }

    public consuming func number(_ key: String, _ value: Double) -> JSONObjectWriter {
        self.key(key)
        text += JSONObjectWriter.number(value)
        return self
    }

    public consuming func finish() -> String {
        text += "}"
        return text
    }

    private mutating func key(_ key: String) {
        if !empty { text += "," }
        empty = false
        JSONObjectWriter.appendQuoted(key, to: &text)
        text += ":"
    }

    /// A JSON number: integers without a fraction, `null` for values JSON cannot hold.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A JSON string literal with the escapes JSON requires.
    public static func quote(_ value: String) -> String {
        var out = ""
        appendQuoted(value, to: &out)
        return out
    }

    /// Appends `value` as a JSON string literal; text without quotes, backslashes or control
    /// characters (nearly all of it) is appended in one piece.
    static func appendQuoted(_ value: String, to out: inout String) {
        out += "\""
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
