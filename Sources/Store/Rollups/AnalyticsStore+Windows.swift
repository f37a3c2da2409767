public import Model
internal import GRDB

/// The aggregates of exactly the events inside one window.
public struct WindowData: Sendable {
    public var window: TimeWindow
    /// `userDays` covers the whole window; `userFirst` is left empty.
    public var aggregates: Aggregates
    /// Users whose first event ever falls inside the window.
    public var newUsers: Int
}

extension AnalyticsStore {
    /// Aggregates for `window`: whole hour slots (and whole days, for users) come from the
    /// rollups, the partial hours at either edge from the raw events. With filters the rollups
    /// cannot answer, the window's raw events are folded directly. Everything is read in one
    /// snapshot, up to the rollup watermark, so the two sources never disagree.
    public func windowData(
        _ window: TimeWindow, families: RollupFamilies = .all, settings: RollupSettings, filters: ReportFilters = ReportFilters()
    ) throws(StoreError) -> WindowData {
        let path = self.path
        return try read { db in
            guard let state = try Row.fetchOne(db, sql: "SELECT fingerprint, watermark FROM rollup_state WHERE id = 1"),
                (state[0] as String) == settings.fingerprint
            else {
                throw StoreError.failed(path: path, reason: "rollups are missing or stale; refresh them first")
            }
            let watermark: Int64 = state[1]
            var data = WindowData(window: window, aggregates: Aggregates(), newUsers: 0)
            guard !window.isEmpty else { return data }
            var folder = Folder(roles: settings.roles, calendar: settings.calendar)
            if !filters.isEmpty {
                let (condition, arguments) = Self.filterCondition(filters)
                try EventScanner.scan(
                    db, where: "ts >= ? AND ts < ? AND id <= ? AND \(condition)",
                    arguments: StatementArguments([window.start, window.end, watermark] + arguments)
                ) { _, event in folder.fold(event, into: &data.aggregates) }
                if families.contains(.users) {
                    data.newUsers = try Int.fetchOne(
                        db,
                        sql: """
                            SELECT count(*) FROM (SELECT min(ts) AS first FROM events
                                WHERE user_id IS NOT NULL AND id <= ? AND \(condition) GROUP BY user_id)
                            WHERE first >= ? AND first < ?
                            """, arguments: StatementArguments([watermark] + arguments + [window.start, window.end])) ?? 0
                }
            } else {
                try Self.loadFromRollups(db, window, families, settings, watermark, &folder, into: &data.aggregates)
                if families.contains(.users) {
                    data.newUsers = try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM ru_user_first WHERE first_ts >= ? AND first_ts < ?",
                        arguments: [window.start, window.end]) ?? 0
                }
            }
            data.aggregates.userFirst = [:]
            return data
        }
    }

    /// Whole hour slots from the slot rollups and the partial hours at the edges from raw events;
    /// for users, whole local days from the day rollup and the partial days from raw events.
    private static func loadFromRollups(
        _ db: Database, _ window: TimeWindow, _ families: RollupFamilies, _ settings: RollupSettings, _ watermark: Int64,
        _ folder: inout Folder, into aggregates: inout Aggregates
    ) throws {
        let calendar = settings.calendar
        var fullStart = calendar.hourStart(window.start, offset: calendar.offset(at: window.start))
        if fullStart < window.start { fullStart += 3_600_000 }
        let fullEnd = calendar.hourStart(window.end, offset: calendar.offset(at: window.end))
        var rawHours = [window]
        if fullStart < fullEnd {
            try RollupTables.load(families, db, slots: "slot >= ? AND slot < ?", [fullStart, fullEnd], into: &aggregates)
            rawHours = [TimeWindow(start: window.start, end: fullStart), TimeWindow(start: fullEnd, end: window.end)]
        }
        for part in rawHours where !part.isEmpty {
            try EventScanner.scan(db, where: "ts >= ? AND ts < ? AND id <= ?", arguments: [part.start, part.end, watermark]) {
                _, event in folder.fold(event, into: &aggregates, users: false)
            }
        }
        guard families.contains(.users) else { return }
        var firstDay = calendar.localDay(window.start, offset: calendar.offset(at: window.start))
        if calendar.startOfDay(firstDay) < window.start { firstDay += 1 }
        let endDay = calendar.localDay(window.end, offset: calendar.offset(at: window.end))
        var rawDays = [window]
        if firstDay < endDay {
            try RollupTables.loadUserDays(db, days: "day >= ? AND day < ?", [firstDay, endDay], into: &aggregates.userDays)
            rawDays = [
                TimeWindow(start: window.start, end: calendar.startOfDay(firstDay)),
                TimeWindow(start: calendar.startOfDay(endDay), end: window.end),
            ]
        }
        for part in rawDays where !part.isEmpty {
            try EventScanner.scan(
                db, where: "ts >= ? AND ts < ? AND id <= ? AND user_id IS NOT NULL", arguments: [part.start, part.end, watermark]
            ) { _, event in folder.fold(event, into: &aggregates, slots: false) }
        }
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
