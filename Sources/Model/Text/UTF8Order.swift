internal import Foundation

/// The order of user ids in the reports' lists: by UTF-8 bytes (which order as code points do,
/// and as SQLite's BINARY collation does), compared with `memcmp` — a generic
/// `utf8.lexicographicallyPrecedes` was several percent of a 200,000-user build.
public enum UTF8Order {
    /// Whether `lhs` orders before `rhs` by their UTF-8 bytes.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var (lhs, rhs) = (lhs, rhs)
        return lhs.withUTF8 { left in rhs.withUTF8 { right in precedes(left, right) } }
    }

    /// Whether the bytes `lhs` order before the bytes `rhs` (a shorter run before a longer one
    /// it begins).
    public static func precedes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(lhs.count, rhs.count)
        if common > 0, let a = lhs.baseAddress, let b = rhs.baseAddress {
            let order = memcmp(a, b, common)
            if order != 0 { return order < 0 }
        }
        return lhs.count < rhs.count
    }

    /// Whether the text at `lhs` in `bytes` orders before the one at `rhs`, by their bytes: texts
    /// laid out one after another compare where they lie.
    public static func precedes(
        in bytes: UnsafeBufferPointer<UInt8>, _ lhs: (start: Int, count: Int), _ rhs: (start: Int, count: Int)
    ) -> Bool {
        precedes(UnsafeBufferPointer(rebasing: bytes[lhs.start..<(lhs.start + lhs.count)]),
                 UnsafeBufferPointer(rebasing: bytes[rhs.start..<(rhs.start + rhs.count)]))
    }
}

/// A text as a dictionary key that compares and hashes by its UTF-8 bytes, as SQLite does: a
/// `String` key holds canonically equivalent texts (a composed `é` and `e` + U+0301) to be one.
public struct UTF8Key: Hashable, Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
