public import Model

/// The period a scheduled saved report covers at a firing of its schedule (SPEC §11).
public struct DuePeriod: Sendable, Hashable {
    /// UTC ms, half-open `[start, end)`; `end` is the schedule firing and the ledger key.
    public var start: Int64
    public var end: Int64
    /// `7d`, `1d`, … (or `custom`) for file names.
    public var label: String

    /// The firing at or before `instant` and the window it closes:
    /// - `parameters.time_range` `Nd`: the N local days before the firing (DST-safe: same wall time);
    /// - `parameters.from`/`to`: that window, due once, at the first firing at or after `to`;
    /// - otherwise the span since the previous firing (`@daily` = the previous local day,
    ///   `@monthly` = the previous calendar month).
    public static func at(
        _ instant: Int64, report: SavedReportConfig, schedule: CronSchedule, calendar: ZoneCalendar, earliestEvent: Int64?
    ) -> DuePeriod? {
        guard let end = schedule.previousFiring(atOrBefore: instant, calendar: calendar) else { return nil }
        if let from = report.parameters?.from.flatMap(Timestamp.parse), let to = report.parameters?.to.flatMap(Timestamp.parse) {
            guard end >= to else { return nil }
            return DuePeriod(start: from, end: to, label: "custom")
        }
        switch report.parameters?.timeRange.flatMap({ try? TimeRange.parse($0) }) {
        case .days(let days):
            let offset = calendar.offset(at: end)
            let day = calendar.localDay(end, offset: offset)
            let minuteOfDay = Int((end + offset - Int64(day) * 86_400_000) / 60_000)
            let start = CronSchedule.instant(day: day - days, minuteOfDay: minuteOfDay, calendar: calendar)
            return DuePeriod(start: start, end: end, label: "\(days)d")
        case .all:
            return DuePeriod(start: min(earliestEvent ?? end, end), end: end, label: "all")
        default:
            guard let start = schedule.previousFiring(atOrBefore: end - 1, calendar: calendar) else { return nil }
            let days = Double(end - start) / 86_400_000
            let label = abs(days - days.rounded()) < 0.05 && days >= 0.95 ? "\(Int(days.rounded()))d" : "custom"
            return DuePeriod(start: start, end: end, label: label)
        }
    }

    /// Local dates of the first and the last day in the period.
    public func localDays(_ calendar: ZoneCalendar) -> (first: String, last: String) {
        let first = calendar.localDay(start, offset: calendar.offset(at: start))
        let last = calendar.localDay(end - 1, offset: calendar.offset(at: end - 1))
        return (calendar.dayKey(first), calendar.dayKey(last))
    }

    /// The local date of the end (the as-of date), as in `processing_performance-7d-2026-11-28.pdf`.
    public func endDate(_ calendar: ZoneCalendar) -> String {
        calendar.dayKey(calendar.localDay(end, offset: calendar.offset(at: end)))
    }
}
