internal import Foundation

/// A mergeable quantile sketch with bounded relative error (DDSketch: logarithmic buckets).
/// Any quantile it returns is within 0.5 % of the exact nearest-rank value (clamped to the exact
/// minimum and maximum), and merging sketches is exact, so the order events are folded in never
/// changes a figure.
public struct QuantileSketch: Sendable, Hashable {
    /// Relative accuracy α; γ = (1 + α) / (1 − α).
    static let alpha = 0.005
    static let gamma = (1 + alpha) / (1 - alpha)
    static let logGamma = log(gamma)
    /// Values at or below this are counted in the zero bucket.
    static let zeroLimit = 1e-9
    static let zeroIndex = Int32.min

    /// Bucket index → count.
    public private(set) var buckets: [Int32: Int64] = [:]

    public init() {}

    public var count: Int64 { buckets.values.reduce(0, +) }

    public mutating func add(_ value: Double) {
        buckets[Self.index(value), default: 0] += 1
    }

    public mutating func merge(_ other: QuantileSketch) {
        for (index, count) in other.buckets { buckets[index, default: 0] += count }
    }

    static func index(_ value: Double) -> Int32 {
        guard value > zeroLimit else { return zeroIndex }
        return Int32((log(value) / logGamma).rounded(.up))
    }

    static func representative(_ index: Int32) -> Double {
        guard index != zeroIndex else { return 0 }
        return 2 * pow(gamma, Double(index)) / (gamma + 1)
    }

    /// The nearest-rank quantile `q` (0 < q ≤ 1): the value at rank ⌈q·n⌉, clamped to `[min, max]`.
    public func quantile(_ q: Double, min: Double, max: Double) -> Double? {
        let total = count
        guard total > 0 else { return nil }
        let rank = Swift.max(1, Int64((q * Double(total)).rounded(.up)))
        var seen: Int64 = 0
        for index in buckets.keys.sorted() {
            seen += buckets[index]!
            if seen >= rank {
                return Swift.min(Swift.max(Self.representative(index), min), max)
            }
        }
        return max
    }

    // MARK: Storage

    /// Little-endian (Int32 index, Int64 count) pairs, sorted by index: the same sketch always
    /// encodes to the same bytes.
    var encoded: Data {
        var data = Data(capacity: buckets.count * 12)
        for index in buckets.keys.sorted() {
            withUnsafeBytes(of: index.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: buckets[index]!.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    init(encoded data: Data) {
        var offset = 0
        let bytes = [UInt8](data)
        while offset + 12 <= bytes.count {
            var index: Int32 = 0
            var count: Int64 = 0
            withUnsafeMutableBytes(of: &index) { $0.copyBytes(from: bytes[offset..<(offset + 4)]) }
            withUnsafeMutableBytes(of: &count) { $0.copyBytes(from: bytes[(offset + 4)..<(offset + 12)]) }
            buckets[Int32(littleEndian: index), default: 0] += Int64(littleEndian: count)
            offset += 12
        }
    }
}
