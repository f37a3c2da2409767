import Foundation
import Model

/// Small text helpers for command output.
enum Formatting {
    /// 1234567 → "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// "1 event", "1,000 events".
    static func count(_ value: Int, _ noun: String) -> String {
        grouped(value) + " " + noun + (value == 1 ? "" : "s")
    }

    static func bytes(_ value: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var size = Double(value)
        var unit = 0
        while size >= 1024 && unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : String(format: "%.1f %@", size, units[unit])
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    /// Parses `--as-of`: ISO-8601 (as events accept it) or `now`.
    static func instant(_ text: String, option: String) throws -> Int64 {
        if text == "now" { return Int64(Date().timeIntervalSince1970 * 1000) }
        if let ms = Timestamp.parse(text) { return ms }
        if let number = Double(text), let ms = Timestamp.fromEpoch(number) { return ms }
        throw ValidationErrorText("\(option): not an ISO-8601 date-time (e.g. 2026-11-28T00:00:00Z): \"\(text)\"")
    }
}

/// A one-line error for values ArgumentParser cannot check itself.
struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
