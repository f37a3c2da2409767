public import Model
internal import GRDB

extension AnalyticsStore {
    /// Aggregates for `window`: whole hour slots (and whole days, for users) come from the
    /// rollups, the partial hours at either edge from the raw events. With `daily`, for reports
    /// that bucket by local day, the families of the daily tier come from it for whole days
    /// (their rows' slots are then day starts). Windows loaded with the same `edges` share
    /// the raw-event parts they have in common. With filters the rollups
    /// cannot answer, the window's raw events are folded directly. Everything is read in one
    /// snapshot, up to the rollup watermark, so the two sources never disagree.
    public func windowData(
        _ window: TimeWindow, families: RollupFamilies = .all, settings: RollupSettings, filters: ReportFilters = ReportFilters(),
        daily: Bool = false, edges: WindowEdges? = nil
    ) throws(StoreError) -> WindowData {
        let path = self.path
        return try read { db in
            guard let watermark = try Self.rollupWatermark(db, settings) else {
                throw StoreError.failed(path: path, reason: "rollups are missing or stale; refresh them first")
            }
            var data = WindowData(window: window, aggregates: Aggregates(), newUsers: 0)
            guard !window.isEmpty else { return data }
            var folder = Folder(roles: settings.roles, calendar: settings.calendar)
            var users = TextInterner()
            if !filters.isEmpty {
                let (condition, arguments) = Self.filterCondition(filters)
                let (time, bounds) = EventTimeIndex.window(window.start, window.end)
                try EventScanner.scan(
                    db, where: "\(time) AND id <= ? AND \(condition)",
                    arguments: StatementArguments(bounds + [watermark]) + StatementArguments(arguments)
                ) { _, event in folder.fold(event, into: &data.aggregates) }
                if !families.isDisjoint(with: [.users, .userTotals]) {
                    data.newUsers = try Int.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) FROM (SELECT min(ts) AS first FROM events
                                WHERE user_id IS NOT NULL AND id <= ? AND \(condition) GROUP BY user_id)
                            WHERE first >= ? AND first < ?
                            """, arguments: StatementArguments([watermark] + arguments + [window.start, window.end])) ?? 0
                }
                let rows = UserDayKey.rows(data.aggregates.userDays, &users)
                (data.userDays, data.userTotals) = (families.contains(.users) ? rows.rows : UserDayRows(), rows.totals)
            } else {
                let rows = try Self.loadFromRollups(
                    db, window, families, settings, watermark, rawSince: try Self.rawRetention(db)?.rawSince, daily: daily,
                    edges: edges ?? WindowEdges(), &folder, into: &data.aggregates, users: &users)
                (data.userDays, data.userTotals) = (rows.rows, rows.totals)
                if !families.isDisjoint(with: [.users, .userTotals]) {
                    data.newUsers = try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM ru_users WHERE first_ts >= ? AND first_ts < ?",
                        arguments: [window.start, window.end]) ?? 0
                }
            }
            data.userNames = users.strings
            let unseen = data.userNames.count - data.userTotals.count
            if unseen > 0 { data.userTotals.append(contentsOf: repeatElement(UserActivity(), count: unseen)) }
            data.aggregates.userDays = [:]
            data.aggregates.collapseTimingSlots()
            return data
        }
    }

    /// Whole hour slots from the slot rollups and the partial hours at the edges from raw events;
    /// for users, the window's user days in order (returned; see ``userDays(_:_:firstDay:endDay:_:_:edges:_:into:users:rows:)``).
    /// Raw events before `rawSince` were pruned (``pruneRawEvents(before:settings:batchSize:)``):
    /// an edge before it is moved to the start of its hour (slot families) or local day (per-user
    /// families), read whole from the rollups (``wholeUnits(_:before:floor:)``).
    private static func loadFromRollups(
        _ db: Database, _ original: TimeWindow, _ families: RollupFamilies, _ settings: RollupSettings, _ watermark: Int64,
        rawSince: Int64?, daily: Bool, edges: WindowEdges, _ folder: inout Folder, into aggregates: inout Aggregates,
        users: inout TextInterner
    ) throws -> UserDayRowsBuilder {
        let calendar = settings.calendar
        let window = wholeUnits(original, before: rawSince) { calendar.hourStart($0, offset: calendar.offset(at: $0)) }
        var fullStart = calendar.hourStart(window.start, offset: calendar.offset(at: window.start))
        if fullStart < window.start { fullStart += 3_600_000 }
        let lastHour = Self.lastPartialHour(before: window.end, calendar)
        let fullEnd = lastHour.start
        // The whole local days: [firstDay, endDay).
        let (firstDay, endDay) = wholeDays(window, calendar)
        var rawHours = [window]
        if fullStart < fullEnd {
            let slots = "slot >= ? AND slot < ?"
            let dayFamilies = daily && firstDay < endDay ? families.intersection(RollupTier.daily.families) : []
            try RollupTables.load(
                families.subtracting(dayFamilies), db, slots: slots, [fullStart, fullEnd], into: &aggregates, timingsBySlot: false)
            if !dayFamilies.isEmpty {
                let (dayStart, dayEnd) = (calendar.startOfDay(firstDay), calendar.startOfDay(endDay))
                for (start, end) in [(fullStart, dayStart), (dayEnd, fullEnd)] where start < end {
                    try RollupTables.load(dayFamilies, db, slots: slots, [start, end], into: &aggregates, timingsBySlot: false)
                }
                try RollupTables.load(
                    dayFamilies, db, slots: slots, [dayStart, dayEnd], into: &aggregates, timingsBySlot: false, tier: .daily)
            }
            rawHours = [TimeWindow(start: window.start, end: fullStart), lastHour]
        }
        // A window needing only the lean families (a previous period, a baseline) reads only
        // their columns of its partial hours.
        let lean = families.isSubset(of: .lean)
        for part in rawHours where !part.isEmpty {
            try edges.merge(.init(part: part, users: false, lean: lean, watermark: watermark), into: &aggregates) { edge in
                try foldSlots(db, part, watermark, lean: lean, &folder, into: &edge)
            }
        }
        guard !families.isDisjoint(with: [.users, .userTotals]) else { return UserDayRowsBuilder() }
        let days = wholeUnits(original, before: rawSince) { calendar.startOfDay(calendar.localDay($0, offset: calendar.offset(at: $0))) }
        let (firstUserDay, endUserDay) = wholeDays(days, calendar)
        return try userDays(
            db, days, firstDay: firstUserDay, endDay: endUserDay, calendar, watermark, edges: edges, &folder, into: &aggregates,
            users: &users, rows: families.contains(.users))
    }

    /// The whole local days of `window`: `[firstDay, endDay)`.
    static func wholeDays(_ window: TimeWindow, _ calendar: ZoneCalendar) -> (Int, Int) {
        var firstDay = calendar.localDay(window.start, offset: calendar.offset(at: window.start))
        if calendar.startOfDay(firstDay) < window.start { firstDay += 1 }
        return (firstDay, calendar.localDay(window.end, offset: calendar.offset(at: window.end)))
    }

    /// `window` with each edge before `rawSince` moved back to the start of its unit (`floor`: an
    /// hour or a local day), which the rollups hold whole: the unit holding the start counts in
    /// full, the one holding the end not at all, so consecutive windows still share no event.
    /// Unchanged when nothing was pruned or the window lies after the cutoff.
    static func wholeUnits(_ window: TimeWindow, before rawSince: Int64?, floor: (Int64) -> Int64) -> TimeWindow {
        guard let rawSince, window.start < rawSince else { return window }
        let start = floor(window.start)
        let end = window.end < rawSince ? floor(window.end) : window.end
        return TimeWindow(start: start, end: max(start, end))
    }

    /// The watermark of the rollups, nil when they are missing or were folded under other
    /// settings.
    static func rollupWatermark(_ db: Database, _ settings: RollupSettings) throws -> Int64? {
        guard let state = try Row.fetchOne(db, sql: "SELECT fingerprint, watermark FROM rollup_state WHERE id = 1"),
            (state[0] as String) == settings.fingerprint
        else { return nil }
        return state[1]
    }

    /// The part of the local hour of `end` before it: the last raw part of the slot families of
    /// every window ending at `end`.
    static func lastPartialHour(before end: Int64, _ calendar: ZoneCalendar) -> TimeWindow {
        TimeWindow(start: calendar.hourStart(end, offset: calendar.offset(at: end)), end: end)
    }

    /// The part of the local day of `end` before it: the last raw part of the per-user families
    /// of every window ending at `end` (that starts on an earlier day).
    static func lastPartialDay(before end: Int64, _ calendar: ZoneCalendar) -> TimeWindow {
        TimeWindow(start: calendar.startOfDay(calendar.localDay(end, offset: calendar.offset(at: end))), end: end)
    }

    /// The slot families of the raw events in `part` (with `lean`, only the lean families).
    static func foldSlots(
        _ db: Database, _ part: TimeWindow, _ watermark: Int64, lean: Bool, _ folder: inout Folder, into edge: inout Aggregates
    ) throws {
        let (time, bounds) = EventTimeIndex.window(part.start, part.end)
        try EventScanner.scan(db, where: "\(time) AND id <= ?", arguments: StatementArguments(bounds + [watermark]), lean: lean) {
            _, event in folder.fold(event, into: &edge, users: false)
        }
        if lean { edge.keep(.lean) }
    }

    /// `service_name IN (?, …) AND …` for the filters that are set.
    static func filterCondition(_ filters: ReportFilters) -> (String, [(any DatabaseValueConvertible)?]) {
        var parts: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for (column, values) in [
            ("service_name", filters.serviceName), ("user_id", filters.userId), ("device_type", filters.deviceType),
            ("event_type", filters.eventType),
        ] {
            guard let values else { continue }
            if values.isEmpty {
                parts.append("0")
                continue
            }
            parts.append("\(column) IN (" + Array(repeating: "?", count: values.count).joined(separator: ", ") + ")")
            arguments += values.map { $0 as (any DatabaseValueConvertible)? }
        }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }
}
