internal import Model
internal import Store

extension Deliverer {
    /// Runs missed since the last delivery are caught up once (SPEC §11): when the newest period
    /// sent for `report` ended before the previous firing, the periods in between are skipped
    /// and only `period`, the latest, goes out. Returns "skipped N missed periods; sent latest"
    /// for the history, or nil when nothing was skipped (or the report was never sent).
    func catchUpNote(report: SavedReportConfig, schedule: CronSchedule, period: DuePeriod, calendar: ZoneCalendar) -> String? {
        guard period.label != "custom" || report.parameters?.from == nil,
              let last = (try? store.lastSentPeriodEnd(report: report.name)) ?? nil, last < period.end else { return nil }
        var skipped = 0
        var firing = last
        while skipped < 100_000, let next = schedule.nextFiring(after: firing, calendar: calendar), next < period.end {
            skipped += 1
            firing = next
        }
        guard skipped > 0 else { return nil }
        return "skipped \(skipped) missed period\(skipped == 1 ? "" : "s"); sent latest"
    }
}
