/// A byte-level JSON reader: it validates a document as it walks it and reports where values
/// lie, without building a tree. Event decoding uses it so that `event_data` can be stored
/// exactly as received and a million events can be read in a few seconds.
///
/// The scanner never reads outside `bytes`; every malformed input ends in ``JSONSyntaxError``.
struct JSONScanner {
    /// Nested arrays and objects deeper than this are rejected (no unbounded recursion).
    static let maxDepth = 128

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index: Int
    private var depth = 0
    /// Where strings without escapes are made, when the caller keeps one (``TextCache``).
    let texts: TextCache?

    init(_ bytes: UnsafeBufferPointer<UInt8>, texts: TextCache? = nil) {
        self.bytes = bytes
        self.index = 0
        self.texts = texts
    }

    /// A JSON string's content (between the quotes) and whether it holds escapes.
    struct StringToken {
        var range: Range<Int>
        var hasEscapes: Bool
    }

    var isAtEnd: Bool { index >= bytes.count }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, message: message)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed.
    mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        return bytes[index]
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard try peek() == byte else { throw error("expected \(what)") }
        index += 1
    }

    /// Enters an object: consumes `{`.
    mutating func beginObject() throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "{"), "'{'")
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
    }

    /// The next member's key (with its `:` consumed), or nil when the object closes.
    /// `first` tracks whether a comma is needed; pass `true` for the first call.
    mutating func nextKey(first: inout Bool) throws(JSONSyntaxError) -> StringToken? {
        var byte = try peek()
        if byte == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !first {
            guard byte == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            index += 1
            byte = try peek()
        }
        first = false
        guard byte == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
        let key = try scanString()
        try expect(UInt8(ascii: ":"), "':'")
        return key
    }

    /// Enters an array: consumes `[`.
    mutating func beginArray() throws(JSONSyntaxError) {
        try expect(UInt8(ascii: "["), "'['")
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth)") }
    }

    /// Whether another element follows (its comma consumed; the caller reads it), false when the
    /// array closes. Pass `first` as `true` for the first call.
    mutating func nextElement(first: inout Bool) throws(JSONSyntaxError) -> Bool {
        let byte = try peek()
        if byte == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        if !first {
            guard byte == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            index += 1
        }
        first = false
        return true
    }

    /// Consumes a string starting at the current `"`, validating escapes and UTF-8.
    mutating func scanString() throws(JSONSyntaxError) -> StringToken {
        index += 1  // opening quote
        let start = index
        var hasEscapes = false
        while index < bytes.count {
            // Eight bytes at a time while none of them needs a look of its own.
            while bytes.count - index >= 8, Self.plain(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let token = StringToken(range: start..<index, hasEscapes: hasEscapes)
                index += 1
                return token
            } else if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else if byte < 0x20 {
                throw error("control character in string")
            } else if byte < 0x80 {
                index += 1
            } else {
                try scanUTF8Sequence()
            }
        }
        throw error("unterminated string")
    }

    private mutating func scanEscape() throws(JSONSyntaxError) {
        index += 1
        guard index < bytes.count else { throw error("unterminated string") }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            let unit = try hex4(at: index + 1)
            index += 5
            // A surrogate must come in a high-low pair, as Foundation and the unescaper require.
            if (0xDC00...0xDFFF).contains(unit) { throw error("unpaired surrogate in \\u escape") }
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                    (0xDC00...0xDFFF).contains(try hex4(at: index + 2))
                else { throw error("unpaired surrogate in \\u escape") }
                index += 6
            }
        default:
            throw error("invalid escape")
        }
    }

    /// The four hex digits at `position` (of a `\\u` escape).
    private func hex4(at position: Int) throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexValue(bytes[position + offset]) else { throw error("invalid \\u escape") }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func scanUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[index]
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
        default: throw error("invalid UTF-8")
        }
        guard index + length <= bytes.count else { throw error("invalid UTF-8") }
        for offset in 1..<length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { throw error("invalid UTF-8") }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
            throw error("invalid UTF-8")
        }
        index += length
    }

    /// Consumes a number, checking the JSON grammar; returns its text's range.
    mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        return start..<index
    }

    /// Consumes any value, validating it; returns its kind.
    @discardableResult
    mutating func skipValue() throws(JSONSyntaxError) -> JSONValueKind {
        switch try peek() {
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextKey(first: &first) != nil { try skipValue() }
            return .object
        case UInt8(ascii: "["):
            try beginArray()
            var first = true
            while try nextElement(first: &first) { try skipValue() }
            return .array
        case UInt8(ascii: "\""):
            _ = try scanString()
            return .string
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanNumber()
            return .number
        default:
            throw error("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("invalid literal") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    /// Requires that nothing but whitespace follows.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard isAtEnd else { throw error("unexpected data after the JSON value") }
    }
}

/// The kinds of JSON value.
public enum JSONValueKind: String, Sendable {
    case object, array, string, number, bool, null
}

/// Malformed JSON: where and why.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "malformed JSON at byte \(offset + 1): \(message)" }
}
