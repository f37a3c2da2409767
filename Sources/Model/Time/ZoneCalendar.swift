internal import Foundation

/// Local-time arithmetic in the configured IANA zone: hour slots, local dates, weekday and hour
/// of day, bucket keys. Offsets are looked up once per UTC quarter-hour (every real zone changes
/// offset on a quarter-hour boundary) and cached by the caller-owned ``OffsetCache``.
public struct ZoneCalendar: Sendable, Hashable {
    public let identifier: String
    let zone: TimeZone

    /// Fails for an unknown zone name.
    public init(identifier: String) throws(ConfigError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw ConfigError(source: "time_zone", message: "unknown IANA time zone \"\(identifier)\"")
        }
        self.identifier = identifier
        self.zone = zone
    }

    public static let utc = try! ZoneCalendar(identifier: "UTC")

    /// Offset from UTC in milliseconds at a UTC instant.
    public func offset(at ms: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
    }

    /// Start (UTC ms) of the local hour containing `ms`.
    public func hourStart(_ ms: Int64, offset: Int64) -> Int64 {
        let local = ms + offset
        return local - local.floorDivided(by: 3_600_000).remainder - offset
    }

    /// The local date (days since 1970-01-01) of an instant.
    public func localDay(_ ms: Int64, offset: Int64) -> Int {
        Int((ms + offset).floorDivided(by: 86_400_000).quotient)
    }

    /// The local hour of day, 0–23.
    public func localHour(_ ms: Int64, offset: Int64) -> Int {
        Int((ms + offset).floorDivided(by: 86_400_000).remainder / 3_600_000)
    }

    /// The UTC instant of local midnight starting local day `day` (the first instant whose local
    /// date is `day`; correct across DST changes).
    public func startOfDay(_ day: Int) -> Int64 {
        let guess = Int64(day) * 86_400_000
        var instant = guess - offset(at: guess)
        // Converge: the offset at the guessed instant may differ from the offset at midnight.
        for _ in 0..<3 {
            let corrected = guess - offset(at: instant)
            if corrected == instant { break }
            instant = corrected
        }
        // A day that starts with a DST gap: step forward to its first instant.
        while localDay(instant, offset: offset(at: instant)) < day { instant += 900_000 }
        while localDay(instant - 1, offset: offset(at: instant - 1)) >= day { instant -= 900_000 }
        return instant
    }

    /// `YYYY-MM-DDTHH:00:00+05:30` (or `Z` in UTC) for an hour bucket starting at `ms`.
    public func hourKey(_ ms: Int64) -> String {
        let off = offset(at: ms)
        let local = ms + off
        let (days, rest) = local.floorDivided(by: 86_400_000)
        let date = CivilDate(daysSinceEpoch: Int(days))
        let hour = Int(rest / 3_600_000)
        let minute = Int(rest / 60_000 % 60)
        return date.description + "T" + Timestamp.pad(hour) + ":" + Timestamp.pad(minute) + ":00" + Self.offsetText(off)
    }

    /// `YYYY-MM-DD` of a local day.
    public func dayKey(_ day: Int) -> String { CivilDate(daysSinceEpoch: day).description }

    static func offsetText(_ offset: Int64) -> String {
        if offset == 0 { return "Z" }
        let minutes = Int(abs(offset) / 60_000)
        return (offset < 0 ? "-" : "+") + Timestamp.pad(minutes / 60) + ":" + Timestamp.pad(minutes % 60)
    }
}

/// Caches zone offsets per UTC quarter-hour for a burst of lookups (not shared across threads).
public struct OffsetCache {
    public let calendar: ZoneCalendar
    private var quarter: Int64 = .min
    private var cached: Int64 = 0
    private var table: [Int64: Int64] = [:]

    public init(_ calendar: ZoneCalendar) {
        self.calendar = calendar
    }

    public mutating func offset(at ms: Int64) -> Int64 {
        let key = ms.floorDivided(by: 900_000).quotient
        if key == quarter { return cached }
        let value: Int64
        if let known = table[key] {
            value = known
        } else {
            value = calendar.offset(at: key * 900_000)
            if table.count > 100_000 { table.removeAll(keepingCapacity: true) }
            table[key] = value
        }
        quarter = key
        cached = value
        return value
    }
}
