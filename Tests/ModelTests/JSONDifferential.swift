import Foundation
@testable import Model

/// Compares ``JSONScanner`` with Foundation's `JSONSerialization` on one document: both accept
/// it and read the same values, or both reject it, except for the differences ESpice means to
/// have (docs/security.md):
/// - a number beyond Double (`1e400`) is valid JSON to the scanner (the value reads as absent),
///   while Foundation refuses the document;
/// - nesting deeper than ``JSONScanner/maxDepth`` (128) is refused by the scanner only;
/// - Foundation skips a leading UTF-8 byte-order mark and accepts a trailing comma
///   (`[1,]`, `{"a":1,}`), which RFC 8259 does not allow and the scanner refuses;
/// - Foundation accepts some documents holding a raw NUL byte, reading up to it (`1\0x` as 1,
///   `"\0"\0` as ""; found by the `json` fuzz target); the scanner refuses every raw NUL, as
///   RFC 8259 requires of control characters;
/// - Foundation reads a document that starts with a UTF-16 or UTF-32 byte-order mark in that
///   encoding (`FF FE 31 00` as 1; found by the `json` fuzz target); the scanner reads UTF-8 only,
///   as RFC 8259 §8.1 requires of JSON exchanged between systems.
/// - Foundation's `JSONSerialization` drops a byte-order mark (U+FEFF) written as raw UTF-8 at
///   the start of a string or key and right after each escape sequence (`"\u{FEFF}{\t\u{FEFF}x"`
///   reads as `{<tab>x`; found by the `json` fuzz target); the scanner keeps it, as RFC 8259 and
///   Foundation's own `JSONDecoder` do. Trees that differ only so are compared without U+FEFF; keys that become equal
///   once it is dropped (`{"\u{FEFF}a":1,"a":2}`: Foundation keeps the last) are left out.
/// Used by the corpus test and the `json` fuzz target.
enum JSONDifferential {
    /// nil when the two agree (or differ only as listed above), else what differs.
    static func disagreement(_ data: Data) -> String? {
        let ours: Result<JSONTree, JSONSyntaxError>
        do throws(JSONSyntaxError) { ours = .success(try JSONTree.scanned(data)) } catch { ours = .failure(error) }
        let theirs: Result<JSONTree, any Error>
        do { theirs = .success(try JSONTree.foundation(data)) } catch { theirs = .failure(error) }
        switch (ours, theirs) {
        case (.success(let a), .success(let b)):
            return same(a, b) || sameWithoutMarks(a, b) ? nil : "different values: scanner \(a), Foundation \(b)"
        case (.failure, .failure):
            return nil
        case (.success(let a), .failure):
            return hasOutOfRangeNumber(a) ? nil : "the scanner accepts what Foundation refuses: \(a)"
        case (.failure(let error), .success(let b)):
            if error.message.hasPrefix("nesting deeper") || data.starts(with: [0xEF, 0xBB, 0xBF]) || hasWideByteOrderMark(data)
                || isTrailingComma(data, at: error.offset) || isAtNUL(data, at: error.offset)
            {
                return nil
            }
            return "Foundation accepts what the scanner refuses (\(error)): \(b)"
        }
    }

    /// Equal trees; numbers equal to 12 significant digits (Foundation reads integers past UInt64
    /// as Decimal, whose conversion to Double is off in the last digits: `1555…5000…0` with 100
    /// digits reads as 1.5555555555555534e99, not 1.555555555555555e99; found by the
    /// `event-decoder` fuzz target).
    static func same(_ a: JSONTree, _ b: JSONTree) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy(same)
        case (.number(let x?), .number(let y?)):
            return x == y || abs(x - y) <= 1e-12 * max(abs(x), abs(y))
        default:
            return a == b
        }
    }

    /// Whether `a` (the scanner's) and `b` (Foundation's) are the same once every U+FEFF is
    /// dropped from strings and keys; keys of `a` that collide once it is dropped are left out
    /// of both (which of them Foundation kept depends on their order in the document).
    static func sameWithoutMarks(_ a: JSONTree, _ b: JSONTree) -> Bool {
        func trimmed(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FEFF}" }))
        }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return trimmed(x) == trimmed(y)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy(sameWithoutMarks)
        case (.object(let x), .object(let y)):
            let keys = Dictionary(grouping: x.keys, by: trimmed)
            let colliding = Set(keys.filter { $0.value.count > 1 }.keys)
            let left = keys.filter { !colliding.contains($0.key) }.mapValues { x[$0[0]]! }
            let right = Dictionary(y.map { (trimmed($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
                .filter { !colliding.contains($0.key) }
            return left.count == right.count && left.allSatisfy { key, value in right[key].map { sameWithoutMarks(value, $0) } ?? false }
        default:
            return same(a, b)
        }
    }

    static func hasOutOfRangeNumber(_ tree: JSONTree) -> Bool {
        switch tree {
        case .number(nil): true
        case .object(let members): members.values.contains(where: hasOutOfRangeNumber)
        case .array(let items): items.contains(where: hasOutOfRangeNumber)
        default: false
        }
    }

    /// Whether `data` starts with a UTF-16 (either order) or UTF-32 byte-order mark.
    static func hasWideByteOrderMark(_ data: Data) -> Bool {
        data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0x00, 0x00, 0xFE, 0xFF])
    }

    /// Whether the scanner stopped at a raw NUL byte.
    static func isAtNUL(_ data: Data, at offset: Int) -> Bool {
        offset < data.count && data[data.startIndex + offset] == 0
    }

    /// Whether the byte at `offset` closes an array or object right after a comma.
    static func isTrailingComma(_ data: Data, at offset: Int) -> Bool {
        let bytes = [UInt8](data)
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "]") || bytes[offset] == UInt8(ascii: "}") else { return false }
        var index = offset - 1
        while index >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index -= 1 }
        return index >= 0 && bytes[index] == UInt8(ascii: ",")
    }
}
