internal import Model

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

    /// Memoises ``bucket(_:)`` over many rows sharing slots; the key sorts chronologically
    /// (hourly keys by their instant, so a repeated DST hour stays in time order).
    func bucketer() -> (Int64) -> BucketKey {
        var cache: [Int64: BucketKey] = [:]
        return { slot in
            if let known = cache[slot] { return known }
            let order = hourly ? slot : Int64(calendar.localDay(slot, offset: calendar.offset(at: slot)))
            let key = BucketKey(order: order, text: bucket(slot))
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

/// A bucket's label and its chronological position.
struct BucketKey: Hashable, Comparable {
    var order: Int64
    var text: String

    static func < (lhs: BucketKey, rhs: BucketKey) -> Bool { lhs.order < rhs.order }
}
