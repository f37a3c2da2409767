public import Model

extension ReportDocument {
    /// The key of the bucket still in progress at as-of — `2026-11-28` for daily buckets,
    /// `2026-11-28T09:00:00Z` for hourly ones, as in the report's timelines — or nil when there
    /// is none: the period ends on a bucket boundary (as-of at local midnight, or on the hour for
    /// hourly buckets), or it ends before as-of (an explicit `from`/`to` window in the past, cut
    /// but not in progress). Pages, tables and PDFs mark that bucket "(so far)".
    public var inProgressBucket: String? {
        guard let start = Timestamp.parse(metadata.period.start), let end = Timestamp.parse(metadata.period.end),
            let asOf = Timestamp.parse(metadata.asOf), end == asOf,
            let calendar = try? ZoneCalendar(identifier: metadata.timeZone)
        else { return nil }
        let offset = calendar.offset(at: end)
        if metadata.timeRange != "all" && end - start <= 86_400_000 {  // hourly buckets (ReportEngine: TimeRange.isHourly)
            let hour = calendar.hourStart(end, offset: offset)
            return hour < end ? calendar.hourKey(hour) : nil
        }
        let day = calendar.localDay(end, offset: offset)
        return calendar.startOfDay(day) < end ? calendar.dayKey(day) : nil
    }
}
