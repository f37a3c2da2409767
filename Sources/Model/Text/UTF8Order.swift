internal import Foundation

/// The order of user ids in the reports' lists: by UTF-8 bytes (which order as code points do,
/// and as SQLite's BINARY collation does), compared with `memcmp` — a generic
/// `utf8.lexicographicallyPrecedes` was several percent of a 200,000-user build.
public enum UTF8Order {
    /// Whether `lhs` orders before `rhs` by their UTF-8 bytes.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var (lhs, rhs) = (lhs, rhs)
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let common = min(left.count, right.count)
                if common > 0, let a = left.baseAddress, let b = right.baseAddress {
                    let order = memcmp(a, b, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
    }
}
