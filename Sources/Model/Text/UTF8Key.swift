internal import Foundation

/// A text as a dictionary key that compares and hashes by its UTF-8 bytes, as SQLite does: a
/// `String` key holds canonically equivalent texts (a composed `é` and `e` + U+0301) to be one.
public struct UTF8Key: Hashable, Sendable {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool { same(lhs.text, rhs.text) }

    public func hash(into hasher: inout Hasher) { Self.hash(text, into: &hasher) }

    /// Whether two texts have the same UTF-8 bytes (what SQL's `=` and `GROUP BY` hold equal).
    public static func same(_ lhs: String, _ rhs: String) -> Bool {
        let (left, right) = (lhs.utf8, rhs.utf8)
        guard left.count == right.count else { return false }
        let equal = left.withContiguousStorageIfAvailable { a in
            right.withContiguousStorageIfAvailable { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
        if let equal, let equal { return equal }
        return left.elementsEqual(right)
    }

    /// ``same(_:_:)`` for texts that may be missing: two missing ones are the same (one group).
    public static func same(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): true
        case let (lhs?, rhs?): same(lhs, rhs)
        default: false
        }
    }

    /// Feeds the UTF-8 bytes of `text` to `hasher`, with their count (so that two texts of one
    /// key do not hash as their concatenation); texts ``same(_:_:)`` hash alike.
    public static func hash(_ text: String, into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// ``hash(_:into:)`` for a text that may be missing (which hashes apart from the empty text).
    public static func hash(_ text: String?, into hasher: inout Hasher) {
        guard let text else { return hasher.combine(0 as UInt8) }
        hasher.combine(1 as UInt8)
        hash(text, into: &hasher)
    }
}
