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
    /// The bits of a bucket's count kept in ``counts``.
    static let lowBits: Int64 = 16

    /// The counts of buckets `offset`, `offset + 1`, …: from the lowest to the highest bucket
    /// ever counted (counts only grow, so equal sketches have equal arrays). An array rather than
    /// a dictionary: folding, reading and merging sketches is a large part of a report's work.
    /// Each holds the low 16 bits of its bucket's count: a fold holds a sketch per slot and
    /// service, and a span out of time order holds them for every hour at once (at 10M events,
    /// 13,700 sketches of up to ~1,150 buckets in each of two parts: 66 MB of the fold's peak
    /// with 32-bit counts). An hour's bucket rarely counts past 65,535.
    private var offset: Int32 = 0
    private var counts: [UInt16] = []
    /// The high bits (count / 2¹⁶) of the buckets whose count passed `UInt16.max`, by bucket
    /// index; never a zero entry, so equal sketches stay equal values.
    private var carries: [Int32: Int64] = [:]
    /// The zero bucket (values at or below ``zeroLimit``; index ``zeroIndex``, below all others).
    private var zeroCount: Int64 = 0

    public init() {}

    public var count: Int64 {
        counts.reduce(zeroCount) { $0 + Int64($1) } + carries.values.reduce(0) { $0 + $1 << Self.lowBits }
    }

    public mutating func add(_ value: Double) {
        add(Self.index(value), 1)
    }

    private mutating func add(_ index: Int32, _ count: Int64) {
        guard count > 0 else { return }
        if index == Self.zeroIndex {
            zeroCount += count
            return
        }
        cover(index, index)
        let position = Int(index - offset)
        let total = UInt64(counts[position]) + UInt64(count)
        counts[position] = UInt16(truncatingIfNeeded: total)
        if total > UInt64(UInt16.max) { carries[index, default: 0] += Int64(total >> Self.lowBits) }
    }

    /// Widens the bucket range to include `low…high`.
    private mutating func cover(_ low: Int32, _ high: Int32) {
        if counts.isEmpty {
            offset = low
            counts = Array(repeating: 0, count: Int(high - low) + 1)
            return
        }
        if low < offset {
            counts.insert(contentsOf: repeatElement(0, count: Int(offset - low)), at: 0)
            offset = low
        }
        let end = offset + Int32(counts.count)
        if high >= end { counts.append(contentsOf: repeatElement(0, count: Int(high - end) + 1)) }
    }

    public mutating func merge(_ other: QuantileSketch) {
        zeroCount += other.zeroCount
        guard !other.counts.isEmpty else { return }
        cover(other.offset, other.offset + Int32(other.counts.count) - 1)
        let shift = Int(other.offset - offset)
        var carried: [Int32] = []
        counts.withUnsafeMutableBufferPointer { mine in
            for (index, count) in other.counts.enumerated() {
                let (sum, overflow) = mine[shift + index].addingReportingOverflow(count)
                mine[shift + index] = sum
                if overflow { carried.append(other.offset + Int32(index)) }
            }
        }
        for index in carried { carries[index, default: 0] += 1 }
        for (index, value) in other.carries { carries[index, default: 0] += value }
    }

    /// The counted buckets in index order (the zero bucket first).
    private func forEachBucket(_ body: (Int32, Int64) throws -> Bool) rethrows {
        if zeroCount > 0, try !body(Self.zeroIndex, zeroCount) { return }
        for (position, low) in counts.enumerated() {
            let index = offset + Int32(position)
            let count = carries.isEmpty ? Int64(low) : Int64(low) + (carries[index] ?? 0) << Self.lowBits
            if count > 0, try !body(index, count) { return }
        }
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
        var found: Double?
        forEachBucket { index, count in
            seen += count
            guard seen >= rank else { return true }
            found = Swift.min(Swift.max(Self.representative(index), min), max)
            return false
        }
        return found ?? max
    }

    // MARK: Storage

    /// Little-endian (Int32 index, Int64 count) pairs of the counted buckets, sorted by index:
    /// the same sketch always encodes to the same bytes.
    var encoded: Data {
        var buckets = 0
        forEachBucket { _, _ in
            buckets += 1
            return true
        }
        var data = Data(count: buckets * 12)
        data.withUnsafeMutableBytes { buffer in
            var offset = 0
            forEachBucket { index, count in
                buffer.storeBytes(of: index.littleEndian, toByteOffset: offset, as: Int32.self)
                buffer.storeBytes(of: count.littleEndian, toByteOffset: offset + 4, as: Int64.self)
                offset += 12
                return true
            }
        }
        return data
    }

    init(encoded data: Data) {
        data.withUnsafeBytes { buffer in
            let pairs = buffer.count / 12
            guard pairs > 0 else { return }
            // Sorted by index: the last pair holds the highest bucket (the first may be zero's).
            let last = Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: (pairs - 1) * 12, as: Int32.self))
            for pair in 0..<pairs {
                let index = Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: pair * 12, as: Int32.self))
                let count = Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: pair * 12 + 4, as: Int64.self))
                if counts.isEmpty && index != Self.zeroIndex && count > 0 && index <= last { cover(index, last) }
                add(index, count)
            }
        }
    }
}
