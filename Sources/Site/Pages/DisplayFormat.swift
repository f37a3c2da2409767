internal import Foundation
internal import Exports
internal import Model

/// How figures read on a page: thousands separators, 2 decimals, units, "—" for no value.
enum DisplayFormat {
    static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return value < 0 ? "−" + out : out
    }

    static func decimal(_ value: Double?, unit: String = "") -> String {
        guard let value else { return "—" }
        let rounded = (value * 100).rounded() / 100
        let whole = Int64(rounded.magnitude.rounded(.down))
        let fraction = Int(((rounded.magnitude - Double(whole)) * 100).rounded())
        let text = integer(whole) + "." + (fraction < 10 ? "0" : "") + String(fraction)
        return (rounded < 0 ? "−" : "") + text + unit
    }

    static func cell(_ cell: ReportTable.Cell) -> CellView {
        switch cell {
        case .integer(let value): CellView(text: integer(value), numeric: true, value: String(value))
        case .number(let value): CellView(text: decimal(value), numeric: true, value: String(value))
        case .text(let value): CellView(text: value, numeric: false)
        case .null: CellView(text: "—", numeric: false)
        }
    }

    /// A change in percent with its direction (for arrows); without one, "no data" when the
    /// current period has nothing to compare, else "no previous data".
    static func change(_ value: Double?, current: Bool = true) -> (text: String, direction: String, has: Bool) {
        guard let value else { return (current ? "no previous data" : "no data", "flat", false) }
        let direction = value > 0 ? "up" : value < 0 ? "down" : "flat"
        let arrow = value > 0 ? "▲" : value < 0 ? "▼" : "■"
        return ("\(arrow) \(decimal(abs(value)))% vs previous period", direction, true)
    }

    /// A file size in decimal units, two significant figures from 1 kB on: `812 B`, `4.5 kB`,
    /// `45 kB`, `1.2 MB`, `12 MB`, `1.5 GB`.
    static func fileSize(_ bytes: Int) -> String {
        guard bytes >= 1000 else { return "\(bytes) B" }
        var value = Double(bytes) / 1000
        var unit = "kB"
        for next in ["MB", "GB"] where value.rounded() >= 1000 {  // 999,999 B is 1.0 MB, not 1000 kB
            value /= 1000
            unit = next
        }
        let text = value < 9.95 ? String(format: "%.1f", value) : String(format: "%.0f", value)
        return text + " " + unit
    }

    /// `2026-11-28 09:15 UTC` from an ISO-8601 instant.
    static func instant(_ iso: String) -> String {
        Timestamp.readable(iso)
    }
}
