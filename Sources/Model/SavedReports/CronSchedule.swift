internal import Foundation

/// A cron schedule: `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly`, `@yearly`
/// (`@annually`) or five fields `minute hour day-of-month month day-of-week` with `*`, lists,
/// ranges, steps (`*/15`, `1-5/2`) and English names (`jan`, `mon`). Day-of-week 0 and 7 are
/// Sunday. As in Vixie cron, when both day fields are restricted a day matches either.
///
/// Firings are wall-clock times in a ``ZoneCalendar``'s zone. Around DST changes: a wall time
/// that does not exist (spring forward) fires at the same distance after the gap's start (02:30
/// in a 02:00→03:00 gap fires at 03:30), and a wall time that happens twice (fall back) fires
/// once, at its first occurrence.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    public let expression: String
    let minutes: UInt64   // bit n = minute n
    let hours: UInt32
    let daysOfMonth: UInt32  // bits 1…31
    let months: UInt16       // bits 1…12
    let weekdays: UInt8      // bits 0…6, Sunday = 0
    let domRestricted: Bool
    let dowRestricted: Bool

    public var description: String { expression }

    static let macros: [String: String] = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Parses an expression; the error says which field is wrong and why.
    public static func parse(_ text: String) throws(CronError) -> CronSchedule {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var body = trimmed
        if trimmed.hasPrefix("@") {
            guard let expanded = macros[trimmed.lowercased()] else {
                throw CronError("unknown macro \"\(trimmed)\" (valid: @hourly, @daily, @weekly, @monthly, @yearly)")
            }
            body = expanded
        }
        let fields = body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(
                "expected 5 fields (minute hour day-of-month month day-of-week) or @daily/@weekly/@monthly, got \(fields.count) in \"\(trimmed)\"")
        }
        let minute = try field(fields[0], name: "minute", range: 0...59, names: [])
        let hour = try field(fields[1], name: "hour", range: 0...23, names: [])
        let dom = try field(fields[2], name: "day-of-month", range: 1...31, names: [])
        let month = try field(fields[3], name: "month", range: 1...12, names: monthNames, nameBase: 1)
        var dow = try field(fields[4], name: "day-of-week", range: 0...7, names: dayNames)
        if dow.bits & (1 << 7) != 0 { dow.bits = (dow.bits | 1) & 0x7f }
        let schedule = CronSchedule(
            expression: trimmed, minutes: minute.bits, hours: UInt32(hour.bits), daysOfMonth: UInt32(dom.bits),
            months: UInt16(month.bits), weekdays: UInt8(dow.bits), domRestricted: !dom.star, dowRestricted: !dow.star)
        // A day-of-month that no selected month has (`0 0 31 2 *`) never fires.
        if schedule.domRestricted && !schedule.dowRestricted {
            var possible = false
            for m in 1...12 where schedule.months & (1 << m) != 0 {
                let longest = m == 2 ? 29 : CivilDate.daysIn(month: m, year: 2001)
                for d in 1...longest where schedule.daysOfMonth & (1 << d) != 0 { possible = true }
            }
            guard possible else { throw CronError("never fires: no selected month has the selected day-of-month in \"\(trimmed)\"") }
        }
        return schedule
    }

    private static func field(
        _ text: String, name: String, range: ClosedRange<Int>, names: [String], nameBase: Int = 0
    ) throws(CronError) -> (bits: UInt64, star: Bool) {
        func value(_ token: Substring) throws(CronError) -> Int {
            if let number = Int(token) {
                guard range.contains(number) else {
                    throw CronError("\(name) field \"\(text)\": \(number) is out of range \(range.lowerBound)–\(range.upperBound)")
                }
                return number
            }
            if let index = names.firstIndex(of: token.lowercased()) { return index + nameBase }
            throw CronError("\(name) field \"\(text)\": \"\(token)\" is not a number\(names.isEmpty ? "" : " or a name")")
        }
        var bits: UInt64 = 0
        let star = text.hasPrefix("*")
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw CronError("\(name) field \"\(text)\": empty list item") }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw CronError("\(name) field \"\(text)\": more than one \"/\"") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed >= 1 else {
                    throw CronError("\(name) field \"\(text)\": step \"\(pieces[1])\" must be a positive number")
                }
                step = parsed
            }
            var low: Int
            var high: Int
            if pieces[0] == "*" {
                low = range.lowerBound
                high = range.upperBound == 7 ? 6 : range.upperBound
            } else if let dash = pieces[0].firstIndex(of: "-") {
                low = try value(pieces[0][..<dash])
                high = try value(pieces[0][pieces[0].index(after: dash)...])
                guard low <= high else { throw CronError("\(name) field \"\(text)\": range \(low)-\(high) runs backwards") }
            } else {
                low = try value(pieces[0])
                high = pieces.count == 2 ? (range.upperBound == 7 ? 6 : range.upperBound) : low
            }
            var n = low
            while n <= high {
                bits |= 1 << UInt64(n)
                if high - n < step { break }  // a step as large as Int.max must not overflow
                n += step
            }
        }
        return (bits, star)
    }

    func matches(day: CivilDate) -> Bool {
        guard months & (1 << day.month) != 0 else { return false }
        let weekday = (day.weekdayFromMonday + 1) % 7  // Sunday = 0
        let domHit = daysOfMonth & (1 << day.day) != 0
        let dowHit = weekdays & (1 << weekday) != 0
        switch (domRestricted, dowRestricted) {
        case (true, true): return domHit || dowHit
        case (true, false): return domHit
        case (false, true): return dowHit
        case (false, false): return true
        }
    }

    /// The UTC instant of a local wall time (see the type's note on DST).
    public static func instant(day: Int, minuteOfDay: Int, calendar: ZoneCalendar) -> Int64 {
        let wall = Int64(day) * 86_400_000 + Int64(minuteOfDay) * 60_000
        let candidates = [calendar.offset(at: wall - 86_400_000), calendar.offset(at: wall), calendar.offset(at: wall + 86_400_000)]
        var valid: [Int64] = []
        for offset in candidates where calendar.offset(at: wall - offset) == offset { valid.append(wall - offset) }
        if let first = valid.min() { return first }
        // In a gap: the offset before the change moves the wall time past the gap.
        return wall - calendar.offset(at: wall - 86_400_000)
    }

    /// Every firing (UTC ms) whose local date is `day`, ascending.
    func firings(onLocalDay day: Int, calendar: ZoneCalendar) -> [Int64] {
        guard matches(day: CivilDate(daysSinceEpoch: day)) else { return [] }
        var out: [Int64] = []
        for hour in 0..<24 where hours & (1 << hour) != 0 {
            for minute in 0..<60 where minutes & (1 << UInt64(minute)) != 0 {
                out.append(Self.instant(day: day, minuteOfDay: hour * 60 + minute, calendar: calendar))
            }
        }
        return Array(Set(out)).sorted()
    }

    /// The latest firing at or before `ms`; nil when there is none in the ten years before.
    public func previousFiring(atOrBefore ms: Int64, calendar: ZoneCalendar) -> Int64? {
        let today = calendar.localDay(ms, offset: calendar.offset(at: ms))
        for day in stride(from: today + 1, through: today - 3700, by: -1) {
            if let hit = firings(onLocalDay: day, calendar: calendar).last(where: { $0 <= ms }) { return hit }
        }
        return nil
    }

    /// The first firing strictly after `ms`; nil when there is none in the ten years after.
    public func nextFiring(after ms: Int64, calendar: ZoneCalendar) -> Int64? {
        let today = calendar.localDay(ms, offset: calendar.offset(at: ms))
        for day in (today - 1)...(today + 3700) {
            if let hit = firings(onLocalDay: day, calendar: calendar).first(where: { $0 > ms }) { return hit }
        }
        return nil
    }
}

/// Why a cron expression was refused.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
