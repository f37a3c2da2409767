internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

/// How figures, instants and names read in a printed report.
enum DocumentFormat {
    /// `1,234,567` (a true minus sign for negatives).
    static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3)
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return value < 0 ? "−" + out : out
    }

    /// Two decimals with thousands separators (`1,234.50`); "—" for no value.
    static func decimal(_ value: Double?, unit: String = "") -> String {
        guard let value, value.isFinite else { return "—" }
        let rounded = (value * 100).rounded() / 100
        let cents = Int64((rounded.magnitude * 100).rounded())
        let text = integer(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + String(cents % 100)
        return (rounded < 0 ? "−" : "") + text + unit
    }

    /// A signed change in percent: `+12.50%`, `−3.00%`, or "—" when there is no previous value.
    static func change(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        let rounded = (value * 100).rounded() / 100
        return (rounded > 0 ? "+" : "") + decimal(rounded) + "%"
    }

    /// A table cell as printed, and whether it is a number (right-aligned).
    static func cell(_ cell: ReportTable.Cell) -> (text: String, numeric: Bool) {
        switch cell {
        case .integer(let value): (integer(value), true)
        case .number(let value): (decimal(value), true)
        case .text(let value): (isoInstant(value) ? instant(value) : soFar(value), false)
        case .null: ("—", false)
        }
    }

    /// Whether `text` is a whole ISO-8601 UTC instant such as `2026-11-28T09:15:00Z`.
    /// An in-progress bucket marked by `ReportTable.markingInProgress`: its instant written
    /// like the others (`2026-11-28 09:00 UTC (so far)`).
    static func soFar(_ text: String) -> String {
        let suffix = " " + ChartDescription.soFar
        guard text.hasSuffix(suffix) else { return text }
        let key = String(text.dropLast(suffix.count))
        return isoInstant(key) ? instant(key) + suffix : text
    }

    static func isoInstant(_ text: String) -> Bool {
        let u = text.utf8
        guard u.count == 20 || (u.count > 21 && u.count <= 24), u.last == UInt8(ascii: "Z") else { return false }
        let bytes = Array(u)
        return bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-") && bytes[10] == UInt8(ascii: "T")
            && bytes[13] == UInt8(ascii: ":") && bytes[16] == UInt8(ascii: ":")
    }

    /// `2026-11-28 09:15:00 UTC` from an ISO-8601 UTC instant, without its fraction of a second.
    static func instant(_ iso: String) -> String {
        guard let dot = iso.firstIndex(of: ".") else { return Timestamp.readable(iso) }
        return Timestamp.readable(iso[..<dot] + "Z")
    }

    /// `2026-11-28 10:15` in `calendar`'s zone, from an ISO-8601 instant (the text itself when
    /// it cannot be parsed).
    static func local(_ iso: String, calendar: ZoneCalendar, seconds: Bool = false) -> String {
        guard let ms = Timestamp.parse(iso) else { return iso }
        let local = ms + calendar.offset(at: ms)
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        let rest = local - day * 86_400_000
        let date = CivilDate(daysSinceEpoch: Int(day))
        let s = rest / 1000
        let time = seconds
            ? String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%02d:%02d", s / 3600, s / 60 % 60)
        return "\(date) \(time)"
    }

    /// `UTC+01:00` for the zone's offset at `iso`.
    static func offset(_ iso: String, calendar: ZoneCalendar) -> String {
        guard let ms = Timestamp.parse(iso) else { return "" }
        let minutes = calendar.offset(at: ms) / 60_000
        return String(format: "UTC%@%02d:%02d", minutes < 0 ? "−" : "+", abs(minutes) / 60, abs(minutes) % 60)
    }

    /// A column key as a header: `activity_count` → "Activity count", `user_id` → "User ID",
    /// rates and shares marked as percentages.
    static func header(_ key: String) -> String {
        var words = key.split(separator: "_").map(String.init)
        words = words.map { $0 == "id" ? "ID" : $0 }
        var text = words.joined(separator: " ")
        if let first = text.first, first.isLowercase, !(first == "p" && text.dropFirst().first?.isNumber == true) {
            text = first.uppercased() + text.dropFirst()
        }
        if key.hasSuffix("_rate") || key == "share" { text += " (%)" }
        if key.hasSuffix("_time") { text += " (ms)" }
        return text
    }

    /// A table name as a section title: `daily_active_users` → "Daily active users".
    static func title(_ name: String) -> String {
        let text = name.replacingOccurrences(of: "_", with: " ")
        return (text.first.map { $0.uppercased() } ?? "") + text.dropFirst()
    }

    /// The range as words: "Last 7 days", "Last 24 hours", "All time", "Custom range".
    static func rangeName(_ range: String) -> String {
        switch range {
        case "1d": "Last 24 hours"
        case "all": "All time"
        case "custom": "Custom range"
        default:
            if range.hasSuffix("d"), let days = Int(range.dropLast()) { "Last \(days) days" } else { range }
        }
    }

    /// The filters of a report in words, "None" when there are none.
    static func filters(_ filters: ReportFilters) -> String {
        var parts: [String] = []
        let pairs: [(String, [String]?)] = [
            ("service", filters.serviceName), ("user", filters.userId), ("device type", filters.deviceType),
            ("event type", filters.eventType),
        ]
        for (name, values) in pairs {
            guard let values, !values.isEmpty else { continue }
            parts.append("\(name) \(values.count == 1 ? "=" : "in") \(values.joined(separator: ", "))")
        }
        return parts.isEmpty ? "None" : parts.joined(separator: "; ")
    }
}
