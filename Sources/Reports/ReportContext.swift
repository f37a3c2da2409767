public import Model

/// What every report builder needs besides the data: roles, zone, bucket size, thresholds.
struct ReportContext {
    var roles: EventRoles
    var calendar: ZoneCalendar
    var hourly: Bool
    var tolerancePct: Double

    /// The bucket key of an hour slot: `YYYY-MM-DD` (daily) or `YYYY-MM-DDTHH:00:00±HH:MM`.
    func bucket(_ slot: Int64) -> String {
        hourly ? calendar.hourKey(slot) : calendar.dayKey(calendar.localDay(slot, offset: calendar.offset(at: slot)))
    }

    /// Memoises ``bucket(_:)`` over many rows sharing slots.
    func bucketer() -> (Int64) -> String {
        var cache: [Int64: String] = [:]
        return { slot in
            if let known = cache[slot] { return known }
            let key = bucket(slot)
            cache[slot] = key
            return key
        }
    }

    /// Local hour of day and weekday (0 = Monday) of a slot.
    func hourAndWeekday(_ slot: Int64) -> (hour: Int, weekday: Int) {
        let offset = calendar.offset(at: slot)
        let day = calendar.localDay(slot, offset: offset)
        return (calendar.localHour(slot, offset: offset), CivilDate(daysSinceEpoch: day).weekdayFromMonday)
    }
}
