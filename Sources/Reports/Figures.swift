internal import Foundation
internal import Model

/// Rounding, rates and ordering shared by every report, so each figure follows SPEC §4 the
/// same way everywhere.
enum Figures {
    /// Rounds to 2 decimals exactly as Python's `round(x, 2)` does (correctly rounded, ties to
    /// even on the binary value), so an independent recomputation agrees to the last digit.
    static func round2(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return Double(String(format: "%.2f", value)) ?? value
    }

    /// `part / whole × 100`, rounded; nil when `whole` is 0.
    static func percent(_ part: Int64, of whole: Int64) -> Double? {
        whole == 0 ? nil : round2(Double(part) / Double(whole) * 100)
    }

    /// `(current − previous) / previous × 100`, rounded; nil when previous is 0 or nil.
    static func change(_ current: Double?, _ previous: Double?) -> Double? {
        guard let current, let previous, previous != 0 else { return nil }
        return round2((current - previous) / previous * 100)
    }

    /// Unicode code-point order (Python's `str` order), nil first.
    static func precedes(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): false
        case (nil, _): true
        case (_, nil): false
        case (let lhs?, let rhs?): lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
        }
    }

    /// Count descending, then the names ascending (code points, nil first). Names that differ
    /// only in Unicode normalisation are two names here too (a `String` `!=` would skip them and
    /// leave their order to a dictionary's).
    static func byCount(_ lhsCount: Int64, _ lhsNames: [String?], _ rhsCount: Int64, _ rhsNames: [String?]) -> Bool {
        if lhsCount != rhsCount { return lhsCount > rhsCount }
        for (lhs, rhs) in zip(lhsNames, rhsNames) where !UTF8Key.same(lhs, rhs) {
            return precedes(lhs, rhs)
        }
        return false
    }
}
