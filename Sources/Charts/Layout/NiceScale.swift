import Foundation

/// A linear value scale with "nice" ticks: steps of 1, 2 or 5 × 10ⁿ covering the data.
public struct NiceScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double

    /// The tick values from `lower` to `upper`.
    public var ticks: [Double] {
        guard step > 0 else { return [lower] }
        let count = Int(((upper - lower) / step).rounded())
        return (0...max(0, count)).map { lower + Double($0) * step }
    }

    /// A scale covering `minimum…maximum` (0 is always included for non-negative data) with at
    /// most about `maxTicks` ticks.
    public init(minimum: Double, maximum: Double, maxTicks: Int = 6, includeZero: Bool = true) {
        var lo = minimum.isFinite ? minimum : 0, hi = maximum.isFinite ? maximum : 1
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if hi - lo < 1e-12 {
            if hi == 0 { hi = 1 } else if hi > 0 { lo = includeZero ? 0 : hi * 0.5; hi = hi * (includeZero ? 1 : 1.5) } else { hi = 0 }
            if hi - lo < 1e-12 { hi = lo + 1 }
        }
        let step = Self.niceStep(range: hi - lo, maxTicks: max(2, maxTicks))
        lower = (lo / step).rounded(.down) * step
        upper = (hi / step).rounded(.up) * step
        self.step = step
    }

    /// The smallest 1-2-5 step giving at most `maxTicks` intervals over `range`.
    public static func niceStep(range: Double, maxTicks: Int) -> Double {
        let raw = range / Double(max(1, maxTicks - 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * (1 - 1e-9) { return m * magnitude }
        return 10 * magnitude
    }

    /// Where `value` lies between lower (0) and upper (1).
    public func fraction(_ value: Double) -> Double {
        upper > lower ? (value - lower) / (upper - lower) : 0
    }
}

/// A base-10 logarithmic scale with ticks at 1, 10, 100, … (and 2, 5 between when sparse).
struct LogScale {
    let lowerExponent: Double
    let upperExponent: Double

    init(minimum: Double, maximum: Double) {
        let lo = max(minimum, 1e-9), hi = max(maximum, lo * 10)
        lowerExponent = log10(lo).rounded(.down)
        upperExponent = max(log10(hi).rounded(.up), lowerExponent + 1)
    }

    var ticks: [Double] {
        let decades = Int(upperExponent - lowerExponent)
        var out: [Double] = []
        for e in Int(lowerExponent)...Int(upperExponent) {
            let base = pow(10, Double(e))
            out.append(base)
            if decades <= 2 && e < Int(upperExponent) { out += [2 * base, 5 * base] }
        }
        return out
    }

    func fraction(_ value: Double) -> Double {
        (log10(max(value, 1e-12)) - lowerExponent) / (upperExponent - lowerExponent)
    }
}
