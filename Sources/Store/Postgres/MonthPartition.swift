internal import Model

/// One calendar month (UTC) of the PostgreSQL `events` table: the partition holding the events
/// whose time `ts` (UTC epoch milliseconds) is in `[start, end)`, named `events_yYYYYmMM`.
public struct MonthPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1…12.
    public let month: Int

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month out of range")
        self.year = year
        self.month = month
    }

    /// The month that holds the instant `milliseconds`.
    public init(containing milliseconds: Int64) {
        let date = CivilDate(daysSinceEpoch: Int(Self.floorDivide(milliseconds, Self.millisecondsPerDay)))
        self.init(year: date.year, month: date.month)
    }

    /// The month named by a partition table name (`events_y2025m06`), or nil for another name.
    public init?(tableName: String) {
        guard tableName.hasPrefix("events_y"), tableName.count == 15 else { return nil }
        let digits = tableName.dropFirst("events_y".count)
        guard let year = Int(digits.prefix(4)), digits.dropFirst(4).first == "m",
            let month = Int(digits.suffix(2)), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The table name, `events_yYYYYmMM` (made of digits only: safe in DDL).
    public var tableName: String {
        let date = CivilDate(year: year, month: month, day: 1).description  // YYYY-MM-01
        return "events_y" + date.prefix(4) + "m" + date.dropFirst(5).prefix(2)
    }

    /// The first millisecond of the month, UTC.
    public var start: Int64 {
        Int64(CivilDate(year: year, month: month, day: 1).daysSinceEpoch) * Self.millisecondsPerDay
    }

    /// The first millisecond of the next month.
    public var end: Int64 { next.start }

    public var next: MonthPartition {
        month == 12 ? MonthPartition(year: year + 1, month: 1) : MonthPartition(year: year, month: month + 1)
    }

    public var description: String { tableName }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    static let millisecondsPerDay: Int64 = 86_400_000

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
