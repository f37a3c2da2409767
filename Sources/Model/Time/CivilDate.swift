/// A proleptic-Gregorian calendar date, converted to and from days since 1970-01-01
/// (Howard Hinnant's `days_from_civil` algorithms).
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekdayFromMonday: Int {
        let days = daysSinceEpoch
        return ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        guard (0...9999).contains(year) else {
            return Timestamp.pad(year, width: 4) + "-" + Timestamp.pad(month) + "-" + Timestamp.pad(day)
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            writeDigits(into: buffer)
            return 10
        }
    }

    /// `YYYY-MM-DD` into the first 10 bytes of `buffer`, for a year in 0…9999.
    func writeDigits(into buffer: UnsafeMutableBufferPointer<UInt8>) {
        Timestamp.putTwoDigits(year / 100, buffer, at: 0)
        Timestamp.putTwoDigits(year % 100, buffer, at: 2)
        buffer[4] = UInt8(ascii: "-")
        Timestamp.putTwoDigits(month, buffer, at: 5)
        buffer[7] = UInt8(ascii: "-")
        Timestamp.putTwoDigits(day, buffer, at: 8)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
