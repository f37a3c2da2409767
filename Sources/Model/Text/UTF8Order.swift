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
