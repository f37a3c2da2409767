/// Builds a flat JSON object as text, key by key: `JSONObjectWriter().string("a", "x").finish()`.
/// Used where a document is made millions of times (the demo) and Codable would dominate.
public struct JSONObjectWriter: Sendable {
    private var text = "{"
    private var empty = true

    public init() {}

    public func string(_ key: String, _ value: String) -> JSONObjectWriter {
        var copy = self
        copy.key(key)
        copy.text += JSONObjectWriter.quote(value)
        return copy
    }

    public func number(_ key: String, _ value: Double) -> JSONObjectWriter {
        var copy = self
        copy.key(key)
        copy.text += JSONObjectWriter.number(value)
        return copy
    }

    public func finish() -> String { text + "}" }

    private mutating func key(_ key: String) {
        if !empty { text += "," }
        empty = false
        text += JSONObjectWriter.quote(key) + ":"
    }

    /// A JSON number: integers without a fraction, `null` for values JSON cannot hold.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A JSON string literal with the escapes JSON requires.
    public static func quote(_ value: String) -> String {
        var out = "\""
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
        return out + "\""
    }
}
