public import Model
public import Store
public import Foundation

/// What to compute: a report type over a range at an instant, with filters.
public struct ReportRequest: Sendable, Hashable {
    public var type: ReportType
    public var range: TimeRange
    public var asOf: Int64
    public var filters: ReportFilters

    public init(type: ReportType, range: TimeRange, asOf: Int64, filters: ReportFilters = ReportFilters()) {
        self.type = type
        self.range = range
        self.asOf = asOf
        self.filters = filters
    }
}

/// Computes the four reports from the store's rollups (SPEC §3–4). It reads only through the
/// store; the figures themselves are pure functions of the window aggregates.
public struct ReportEngine: Sendable {
    public let store: AnalyticsStore
    public let settings: RollupSettings
    /// Baseline tolerance in percent (default 20).
    public var tolerancePct: Double

    public init(store: AnalyticsStore, roles: EventRoles, calendar: ZoneCalendar, tolerancePct: Double = 20) {
        self.store = store
        self.settings = RollupSettings(roles: roles, calendar: calendar)
        self.tolerancePct = tolerancePct
    }

    /// Folds new events into the rollups (`full` rebuilds them).
    public func refresh(full: Bool = false) throws(StoreError) -> RollupRefresh {
        try store.refreshRollups(settings, full: full)
    }

    /// The window read for `window`. No event lies before the first one: a window starting at
    /// or before it is read from the start of that event's local day instead (the same events,
    /// whole days for the rollups), so ranges reaching back past the first event (`all` and `90d`
    /// on a 90-day database) read the same window — once, with a shared cache.
    func readWindow(_ window: TimeWindow, earliest: Int64?) -> TimeWindow {
        guard let earliest, window.start <= earliest else { return window }
        if window.end <= earliest { return TimeWindow(start: window.end, end: window.end) }
        let calendar = settings.calendar
        return TimeWindow(start: calendar.startOfDay(calendar.localDay(earliest, offset: calendar.offset(at: earliest))), end: window.end)
    }

    /// Computes one report. Call ``refresh(full:)`` first so the rollups hold every event.
    /// Reports generated with the same `cache` share the window aggregates they have in common
    /// (a build computes four reports over each range, and ranges may share windows).
    public func generate(
        _ request: ReportRequest, generatedAt: Int64 = Clock.nowMilliseconds(), cache: ReportCache? = nil
    ) throws(StoreError) -> ReportDocument {
        let earliest = try store.earliestEventTime()
        let window = request.range.window(asOf: request.asOf, earliest: earliest)
        let hasPrevious: Bool = if case .all = request.range { false } else { true }
        // The comparing reports' other windows: the previous period, and processing's baseline
        // of the four lengths before.
        let previousWindow = window.previous()
        let baselineWindow = TimeWindow(start: window.start - 4 * window.length, end: window.start)
        let context = ReportContext(
            roles: settings.roles, calendar: settings.calendar, hourly: request.range.isHourly, tolerancePct: tolerancePct)
        let filters = request.filters
        let store = self.store
        let settings = self.settings
        // Reports with daily buckets read whole days from the daily tier of the rollups.
        let daily = !request.range.isHourly
        let engine = self
        // With a cache, every report loads the same family sets per window kind, so they share.
        func readWindow(_ window: TimeWindow) -> TimeWindow { engine.readWindow(window, earliest: earliest) }
        func load(_ window: TimeWindow, _ families: RollupFamilies, _ kind: ReportCache.Kind) throws(StoreError) -> WindowData {
            let read = readWindow(window)
            var data: WindowData
            if let cache {
                let key = ReportCache.Key(window: read, filters: filters, kind: kind, daily: daily)
                data = try cache.window(key) { () throws(StoreError) in
                    try store.windowData(read, families: kind.families, settings: settings, filters: filters, daily: daily, edges: cache.edges)
                }
            } else {
                data = try store.windowData(read, families: families, settings: settings, filters: filters, daily: daily)
            }
            data.window = window
            return data
        }
        // Business intelligence and user activity depend on the current window's events alone:
        // ranges reading the same window share them.
        func shared(_ build: () throws(StoreError) -> ReportData) throws(StoreError) -> ReportData {
            guard let cache else { return try build() }
            return try cache.report(.init(type: request.type, window: readWindow(window), filters: filters, daily: daily), build)
        }
        let data: ReportData
        switch request.type {
        case .processingPerformance:
            let current = try load(window, [.types, .timings], .current)
            let previous = hasPrevious ? try load(previousWindow, [.types, .timings], .previous) : nil
            let baseline = hasPrevious
                ? try load(baselineWindow, [.timings], .baseline) : nil
            data = .processingPerformance(.build(current: current, previous: previous, baseline: baseline, context: context))
        case .businessIntelligence:
            data = try shared { () throws(StoreError) in
                .businessIntelligence(.build(try load(window, [.types, .dimensions, .models, .userTotals], .current), context: context))
            }
        case .errorAnalysis:
            let current = try load(window, [.types, .hours, .dimensions, .errors], .current)
            let previous = hasPrevious ? try load(previousWindow, [.types], .previous) : nil
            data = .errorAnalysis(.build(current, previous: previous, context: context))
        case .userActivity:
            data = try shared { () throws(StoreError) in .userActivity(.build(try load(window, [.types, .hours, .users], .current), context: context)) }
        }
        // The windows read: the range's, and those the comparing reports read above.
        var windows = [window]
        if hasPrevious, request.type == .processingPerformance || request.type == .errorAnalysis { windows.append(previousWindow) }
        if hasPrevious, request.type == .processingPerformance { windows.append(baselineWindow) }
        let rawSince = try store.rawRetention()?.rawSince
        let readsBeforeRaw = rawSince.map { since in windows.map(readWindow).contains { !$0.isEmpty && $0.start < since } } ?? false
        let metadata = ReportMetadata(
            reportType: request.type.rawValue, timeRange: request.range.description, period: Period(window),
            asOf: Timestamp.iso8601(request.asOf), timeZone: settings.calendar.identifier, filters: filters,
            generatedAt: Timestamp.iso8601(generatedAt), rawEventsSince: readsBeforeRaw ? rawSince.map(Timestamp.iso8601) : nil)
        return ReportDocument(metadata: metadata, data: data)
    }
}

/// Window aggregates (and reports that depend on one window alone) shared by the reports of one
/// build, across ranges and threads: a window being read by one thread is waited for, not read
/// again, by the others.
public final class ReportCache: Sendable {
    enum Kind: Hashable {
        case current, previous, baseline

        /// What every report may need of a window of this kind.
        var families: RollupFamilies {
            switch self {
            case .current: .all
            case .previous: [.types, .timings]
            case .baseline: [.timings]
            }
        }
    }

    struct Key: Hashable {
        var window: TimeWindow
        var filters: ReportFilters
        var kind: Kind
        var daily: Bool
    }

    /// A report whose figures depend on one window's events alone.
    struct ReportKey: Hashable {
        var type: ReportType
        var window: TimeWindow
        var filters: ReportFilters
        var daily: Bool
    }

    private let windows = OnceCache<Key, WindowData>()
    private let reports = OnceCache<ReportKey, ReportData>()
    /// Raw-event window edges (every range ends at the same as-of).
    let edges = WindowEdges()

    public init() {}

    /// The window of `key`, read by `load` the first time.
    func window(_ key: Key, _ load: () throws(StoreError) -> WindowData) throws(StoreError) -> WindowData {
        try windows.value(key, load)
    }

    /// The report of `key`, built by `build` the first time.
    func report(_ key: ReportKey, _ build: () throws(StoreError) -> ReportData) throws(StoreError) -> ReportData {
        try reports.value(key, build)
    }

    /// Forgets the current window `window` (and the reports made of it alone) once no report
    /// still to come reads it: with many users its per-user rows are the largest thing a build
    /// holds, and each range's would otherwise stay until the end of the build.
    func release(window: TimeWindow) {
        windows.remove { $0.window == window && $0.kind == .current }
        reports.remove { $0.window == window }
    }
}
