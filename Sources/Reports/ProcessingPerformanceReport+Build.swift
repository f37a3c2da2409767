internal import Model
internal import Store

extension ProcessingPerformanceReport {
    /// Builds the report from the current window, the previous one (nil for `all`) and the four
    /// previous periods together (baseline).
    static func build(current: WindowData, previous: WindowData?, baseline: WindowData?, context: ReportContext) -> Self {
        let summary = WindowSummary(current.aggregates, roles: context.roles)
        let timing = summary.timing
        let processingTime = ProcessingTime(
            count: timing.count, mean: summary.meanTime, p50: WindowSummary.quantile(timing, 0.5),
            p90: WindowSummary.quantile(timing, 0.9), p95: WindowSummary.quantile(timing, 0.95),
            p99: WindowSummary.quantile(timing, 0.99), max: timing.count > 0 ? timing.max : nil)

        let figures = PeriodFigures(
            totalProcessed: Double(summary.processed), totalErrors: Double(summary.errors),
            successRate: summary.successRate, avgProcessingTime: summary.meanTime ?? 0, p95ProcessingTime: summary.p95)
        var previousFigures = PeriodFigures()
        if let previous {
            let before = WindowSummary(previous.aggregates, roles: context.roles)
            previousFigures = PeriodFigures(
                totalProcessed: Double(before.processed), totalErrors: Double(before.errors),
                successRate: before.successRate, avgProcessingTime: before.meanTime ?? 0, p95ProcessingTime: before.p95)
        }
        // A period with no events has no figures to compare: every change is null ("no data"),
        // and the mean time compares only when both periods timed something (the reported 0 of
        // an untimed period is the original's placeholder, not a measurement).
        let hasData = !current.aggregates.types.values.allSatisfy { $0.events == 0 }
        let change = hasData ? PeriodFigures(
            totalProcessed: Figures.change(figures.totalProcessed, previousFigures.totalProcessed),
            totalErrors: Figures.change(figures.totalErrors, previousFigures.totalErrors),
            successRate: Figures.change(figures.successRate, previousFigures.successRate),
            avgProcessingTime: Figures.change(summary.meanTime, previousFigures.avgProcessingTime),
            p95ProcessingTime: Figures.change(figures.p95ProcessingTime, previousFigures.p95ProcessingTime)) : PeriodFigures()

        let baselineP95 = baseline.flatMap { WindowSummary($0.aggregates, roles: context.roles).p95 }
        var breach = false
        if let baselineP95, let p95 = summary.p95 { breach = p95 > baselineP95 * (1 + context.tolerancePct / 100) }

        return ProcessingPerformanceReport(
            totalProcessed: summary.processed, totalErrors: summary.errors, successRate: summary.successRate,
            avgProcessingTime: summary.meanTime ?? 0, processingTime: processingTime,
            serviceBreakdown: services(current.aggregates, summary, context), timeSeries: timeSeries(current.aggregates, context),
            period: Period(current.window),
            previousPeriod: PreviousPeriod(figures: previousFigures, changePct: change, period: previous.map { Period($0.window) }),
            changePct: change,
            baseline: Baseline(p95ProcessingTime: baselineP95, tolerancePct: context.tolerancePct, breach: breach))
    }

    private static func services(_ aggregates: Aggregates, _ summary: WindowSummary, _ context: ReportContext) -> [ServiceBreakdown] {
        var rows: [UTF8Key?: (requests: Int64, processed: Int64, errors: Int64)] = [:]
        for (key, count) in aggregates.types {
            let service = key.serviceName.map(UTF8Key.init)
            var row = rows[service] ?? (0, 0, 0)
            row.requests += count.events
            switch context.roles.role(of: key.eventType) {
            case .processed: row.processed += count.events
            case .error: row.errors += count.events
            default: break
            }
            rows[service] = row
        }
        return rows.map { service, row in
            ServiceBreakdown(
                serviceName: service?.text, requests: row.requests, processed: row.processed, errors: row.errors,
                errorRate: Figures.percent(row.errors, of: row.processed + row.errors),
                p95ProcessingTime: summary.timingByService[service].flatMap { WindowSummary.quantile($0, 0.95) })
        }.sorted { Figures.byCount($0.requests, [$0.serviceName], $1.requests, [$1.serviceName]) }
    }

    private static func timeSeries(_ aggregates: Aggregates, _ context: ReportContext) -> [TimeSeriesPoint] {
        let bucket = context.bucketer()
        var counts: [BucketName: Int64] = [:]
        for (key, count) in aggregates.types where count.events > 0 {
            counts[BucketName(bucket: bucket(key.slot), name: key.eventType), default: 0] += count.events
        }
        return counts.sorted { lhs, rhs in
            if lhs.key.bucket != rhs.key.bucket { return lhs.key.bucket < rhs.key.bucket }
            return Figures.precedes(lhs.key.name, rhs.key.name)
        }.map { TimeSeriesPoint(date: $0.key.bucket.text, eventType: $0.key.name, count: $0.value) }
    }
}

/// A (bucket, name) pair for grouping time series; names are equal when their bytes are
/// (``UTF8Key``).
struct BucketName: Hashable {
    var bucket: BucketKey
    var name: String

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.bucket == rhs.bucket && UTF8Key.same(lhs.name, rhs.name) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bucket)
        UTF8Key.hash(name, into: &hasher)
    }
}
