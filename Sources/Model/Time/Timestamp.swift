/// Event times: parsing every form SPEC §2 accepts into UTC epoch milliseconds, and printing
/// them back as ISO-8601. Hand-written (no DateFormatter) because import parses millions.
public enum Timestamp {
    /// Numbers below this are epoch seconds, at or above it epoch milliseconds.
    public static let secondsLimit = 1e11

    /// Parses ISO-8601 text: `2026-11-28T09:15:00Z`, `…+05:30`, `…-0800`, fractional seconds,
    /// or no zone at all (UTC) with `T` or a space between date and time.
    public static func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    /// Epoch seconds (below 1e11, fractions allowed) or milliseconds; nil when negative or not finite.
    public static func fromEpoch(_ value: Double) -> Int64? {
        guard value.isFinite, value >= 0, value < 1e15 else { return nil }
        let ms = value < secondsLimit ? value * 1000 : value
        return Int64(ms.rounded(.down))
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.digits(4), reader.skip("-"),
            let month = reader.digits(2), reader.skip("-"),
            let day = reader.digits(2)
        else { return nil }
        guard reader.skip("T") || reader.skip("t") || reader.skip(" ") else { return nil }
        guard let hour = reader.digits(2), reader.skip(":"), let minute = reader.digits(2) else { return nil }
        var second = 0
        var millis = 0
        if reader.skip(":") {
            guard let value = reader.digits(2) else { return nil }
            second = value
            if reader.skip(".") || reader.skip(",") {
                var scale = 100
                var count = 0
                while let digit = reader.digit() {
                    millis += digit * scale
                    scale /= 10
                    count += 1
                }
                guard count > 0 else { return nil }
            }
        }
        var offsetMinutes = 0
        if reader.skip("Z") || reader.skip("z") {
        } else if let sign = reader.sign() {
            guard let offsetHours = reader.digits(2), offsetHours <= 23 else { return nil }
            _ = reader.skip(":")
            let offsetMins = reader.digits(2) ?? 0
            guard offsetMins <= 59 else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMins)
        }
        guard reader.isAtEnd else { return nil }
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
            hour <= 23, minute <= 59, second <= 59
        else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    /// `2026-11-28T09:15:00Z`, with `.123` when the milliseconds are not zero.
    ///
    /// Written byte by byte into the string's own storage: a 200,000-user report formats two of
    /// these per user each time its `users` table is read (CSV, XLSX, PDF), and the version made
    /// of ten concatenated strings was a tenth of a site build's CPU (issue 16).
    public static func iso8601(_ ms: Int64) -> String {
        let (days, rest) = ms.floorDivided(by: 86_400_000)
        let date = CivilDate(daysSinceEpoch: Int(days))
        let seconds = Int(rest / 1000)
        let millis = Int(rest % 1000)
        guard (0...9999).contains(date.year) else {
            var text = date.description + "T" + pad(seconds / 3600) + ":" + pad(seconds / 60 % 60) + ":" + pad(seconds % 60)
            if millis != 0 { text += "." + pad(millis, width: 3) }
            return text + "Z"
        }
        let count = millis == 0 ? 20 : 24
        return String(unsafeUninitializedCapacity: count) { buffer in
            date.writeDigits(into: buffer)
            buffer[10] = UInt8(ascii: "T")
            putTwoDigits(seconds / 3600, buffer, at: 11)
            buffer[13] = UInt8(ascii: ":")
            putTwoDigits(seconds / 60 % 60, buffer, at: 14)
            buffer[16] = UInt8(ascii: ":")
            putTwoDigits(seconds % 60, buffer, at: 17)
            if millis != 0 {
                buffer[19] = UInt8(ascii: ".")
                buffer[20] = UInt8(ascii: "0") &+ UInt8(millis / 100)
                putTwoDigits(millis % 100, buffer, at: 21)
            }
            buffer[count - 1] = UInt8(ascii: "Z")
            return count
        }
    }

    /// The two decimal digits of `value` (0…99) at `index`.
    @inline(__always)
    static func putTwoDigits(_ value: Int, _ buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) {
        buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
        buffer[index + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
    }

    static func pad(_ value: Int, width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = self / divisor
        var remainder = self % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}

/// Reads fixed-width digit groups and separators from ASCII bytes.
private struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func digit() -> Int? {
        guard index < bytes.count, JSONScanner.isDigit(bytes[index]) else { return nil }
        defer { index += 1 }
        return Int(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let next = digit() else { return nil }
            value = value * 10 + next
        }
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}

extension Timestamp {
    /// An ISO-8601 UTC instant as people read it: every `T` a space and every `Z` ` UTC`
    /// (`2026-11-28T09:15:00Z` → `2026-11-28 09:15:00 UTC`), byte by byte. Foundation's
    /// `replacingOccurrences` goes through `NSString` on Linux, and a printed users table has two
    /// instants a row.
    public static func readable(_ iso: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(iso.utf8.count + 4)
        for byte in iso.utf8 {
            switch byte {
            case UInt8(ascii: "T"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "Z"): bytes.append(contentsOf: " UTC".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
