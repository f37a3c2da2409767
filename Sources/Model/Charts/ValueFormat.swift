import Foundation

/// Writes numbers for charts and their tables: thousands separators, a sensible number of
/// decimals and the unit. Locale-independent so that the same input gives the same bytes.
public enum ValueFormat {
    /// A full figure with its unit: `12,345`, `1,500 ms`, `98.52 %`, `2.5 MB`.
    public static func figure(_ value: Double, unit: ValueUnit) -> String {
        guard value.isFinite else { return "—" }
        let decimals: Int
        switch unit {
        case .count: decimals = value == value.rounded() ? 0 : 1
        case .percent, .megabytes, .seconds, .plain: decimals = abs(value) >= 100 ? 1 : 2
        case .milliseconds: decimals = abs(value) >= 100 ? 0 : 1
        }
        return withUnit(grouped(value, decimals: decimals, trim: true), unit)
    }

    /// An axis tick: as few decimals as `step` needs; thousands grouped; millions as `1.2M`.
    public static func tick(_ value: Double, step: Double, unit: ValueUnit) -> String {
        withUnit(tickNumber(value, step: step), unit)
    }

    /// The number of an axis tick without its unit.
    public static func tickNumber(_ value: Double, step: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 && step >= 100_000 {
            let d = decimals(forStep: step / 1_000_000)
            return grouped(value / 1_000_000, decimals: d, trim: false) + "M"
        }
        return grouped(value, decimals: decimals(forStep: step), trim: false)
    }

    /// A compact figure for tight spaces (bar value labels): `950`, `12.3k`, `1.2M`.
    public static func compact(_ value: Double, unit: ValueUnit) -> String {
        let magnitude = abs(value)
        let text: String
        if magnitude >= 1_000_000 {
            text = grouped(value / 1_000_000, decimals: 1, trim: true) + "M"
        } else if magnitude >= 10_000 {
            text = grouped(value / 1000, decimals: 1, trim: true) + "k"
        } else {
            return figure(value, unit: unit)
        }
        return withUnit(text, unit)
    }

    /// A percentage share with one decimal: `42.5 %`.
    public static func share(_ fraction: Double) -> String {
        grouped(fraction * 100, decimals: 1, trim: false) + " %"
    }

    /// Appends the unit with a thin no-break space style (a plain space, for fonts' sake).
    public static func withUnit(_ number: String, _ unit: ValueUnit) -> String {
        switch unit {
        case .count, .plain: number
        case .percent: number + " %"
        case .milliseconds, .seconds, .megabytes: number + " " + unit.rawValue
        }
    }

    /// Decimals needed to tell ticks `step` apart (0 for steps ≥ 1).
    static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite, step < 1 else { return 0 }
        return min(6, Int((-log10(step)).rounded(.up) + 0.001))
    }

    /// `value` with `decimals` decimals and `,` between thousands; trailing zeros dropped when
    /// `trim` is set. Negative zero is written as `0`.
    public static func grouped(_ value: Double, decimals: Int, trim: Bool) -> String {
        let scale = pow(10, Double(decimals))
        var scaled = (abs(value) * scale).rounded()
        if scaled == 0 { return decimals > 0 && !trim ? "0." + String(repeating: "0", count: decimals) : "0" }
        let negative = value < 0
        guard scaled < 9e17 else { return String(format: "%.3g", value) }
        scaled = scaled.rounded()
        let integer = UInt64(scaled) / UInt64(scale)
        var fraction = UInt64(scaled) % UInt64(scale)
        var digits = String(integer)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits = String(digits.dropLast(3))
        }
        out = digits + out
        if decimals > 0 {
            var fractionText = String(fraction)
            fractionText = String(repeating: "0", count: decimals - fractionText.count) + fractionText
            if trim {
                while fractionText.hasSuffix("0") { fractionText.removeLast() }
            }
            if !fractionText.isEmpty { out += "." + fractionText }
            fraction = 0
        }
        return negative ? "−" + out : out
    }
}
