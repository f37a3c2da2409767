public import Foundation
public import Model

/// The original service's four named visualisations and the site's other standard charts, as
/// functions from plain report data to chart descriptions.
public enum ChartPresets {
    /// `processing_timeline`: one line per event type over the period, missing buckets as 0,
    /// optionally with the previous period (dated in that period) dashed behind it. With
    /// `inProgress` (the period ends at as-of) a last bucket cut by `end` is marked "so far".
    public static func processingTimeline(
        _ rows: [TimelineCount], bucket: TimeBucket, start: Date? = nil, end: Date? = nil, timeZone: String = "UTC",
        previous: [TimelineCount] = [], movingAverage: Int? = nil, subtitle: String? = nil, inProgress: Bool = false
    ) -> ChartDescription {
        func series(_ rows: [TimelineCount]) -> [LineSeries] {
            let totals = Dictionary(grouping: rows, by: \.eventType).mapValues { $0.reduce(0) { $0 + $1.count } }
            let names = totals.keys.sorted { totals[$0]! != totals[$1]! ? totals[$0]! > totals[$1]! : $0 < $1 }
            return names.map { name in
                LineSeries(name: name, points: rows.filter { $0.eventType == name }.map { DatedValue(date: $0.date, value: Double($0.count)) })
            }
        }
        let current = series(rows)
        let order = current.map(\.name)
        let prev = series(previous).sorted { (order.firstIndex(of: $0.name) ?? .max) < (order.firstIndex(of: $1.name) ?? .max) }
        let chart = LineChart(bucket: bucket, start: start, end: end, timeZone: timeZone, series: current,
                              previousPeriod: prev.filter { order.contains($0.name) }, unit: .count, missingAsZero: true,
                              movingAverageWindow: movingAverage, inProgress: inProgress)
        return ChartDescription(name: "processing_timeline", title: "Processing timeline", subtitle: subtitle,
                                width: 800, height: 380, content: .line(chart))
    }

    /// `error_analysis`: errors per error type (largest first), coloured and stacked by service.
    /// Types beyond `maxTypes` and services beyond `maxServices` are merged into "Other".
    public static func errorAnalysis(_ patterns: [ErrorPatternCount], maxTypes: Int = 12, maxServices: Int = 7,
                                     subtitle: String? = nil) -> ChartDescription {
        let type = { (p: ErrorPatternCount) in p.errorType ?? "unknown" }
        let service = { (p: ErrorPatternCount) in p.service ?? "unknown service" }
        let typeTotals = Dictionary(grouping: patterns, by: type).mapValues { $0.reduce(0) { $0 + $1.count } }
        let serviceTotals = Dictionary(grouping: patterns, by: service).mapValues { $0.reduce(0) { $0 + $1.count } }
        let ranked = { (totals: [String: Int]) in totals.keys.sorted { totals[$0]! != totals[$1]! ? totals[$0]! > totals[$1]! : $0 < $1 } }
        var types = ranked(typeTotals), services = ranked(serviceTotals)
        if types.count > maxTypes { types = Array(types.prefix(maxTypes - 1)) + ["Other"] }
        if services.count > maxServices { services = Array(services.prefix(maxServices - 1)) + ["Other"] }
        var values = [[Double]](repeating: [Double](repeating: 0, count: types.count), count: services.count)
        for p in patterns where p.count > 0 {
            let t = types.firstIndex(of: type(p)) ?? types.count - 1
            let s = services.firstIndex(of: service(p)) ?? services.count - 1
            values[s][t] += Double(p.count)
        }
        let chart = BarChart(categories: types, series: zip(services, values).map { BarSeries(name: $0, values: $1) },
                             orientation: .automatic, stacking: .stacked, unit: .count, categoryAxisTitle: "Error type")
        return ChartDescription(name: "error_analysis", title: "Errors by type and service", subtitle: subtitle,
                                width: 800, height: 400, content: .bar(chart))
    }

    /// `device_distribution`: a donut of device types with shares; < 2 % grouped into "Other".
    public static func deviceDistribution(_ counts: [(deviceType: String, count: Int)], subtitle: String? = nil) -> ChartDescription {
        let slices = counts.map { PieSlice(label: $0.deviceType, value: Double($0.count)) }
        return ChartDescription(name: "device_distribution", title: "Device types", subtitle: subtitle,
                                width: 720, height: 360, content: .pie(PieChart(slices: slices, donut: true)))
    }

    /// `performance_metrics`: gauges for success rate, p95 and mean processing time, error rate.
    public static func performanceMetrics(_ f: PerformanceFigures, thresholds t: PerformanceThresholds = .standard,
                                          subtitle: String? = nil) -> ChartDescription {
        let timeMax = niceMaximum(max(t.p95CriticalMs * 1.25, (f.p95ProcessingTime ?? 0) * 1.1))
        let errorMax = niceMaximum(max(t.errorRateCritical * 2, (f.errorRate ?? 0) * 1.1))
        let gauges = [
            Gauge(label: "Success rate", value: f.successRate, minimum: 0, maximum: 100, unit: .percent,
                  warning: t.successRateWarning, critical: t.successRateCritical, target: t.successRateTarget, higherIsBetter: true),
            Gauge(label: "p95 processing time", value: f.p95ProcessingTime, maximum: timeMax, unit: .milliseconds,
                  warning: t.p95WarningMs, critical: t.p95CriticalMs, target: t.p95TargetMs),
            Gauge(label: "Mean processing time", value: f.averageProcessingTime, maximum: timeMax, unit: .milliseconds,
                  warning: t.p95WarningMs, critical: t.p95CriticalMs),
            Gauge(label: "Error rate", value: f.errorRate, maximum: errorMax, unit: .percent,
                  warning: t.errorRateWarning, critical: t.errorRateCritical),
        ]
        return ChartDescription(name: "performance_metrics", title: "Performance", subtitle: subtitle,
                                width: 800, height: 250, content: .gauge(GaugeChart(gauges: gauges)))
    }

    /// `peak_usage`: weekday × hour activity heatmap from the 7 × 24 matrix (Monday first).
    public static func peakUsage(_ matrix: [[Int]], subtitle: String? = nil) -> ChartDescription {
        ChartDescription(name: "peak_usage", title: "Activity by weekday and hour", subtitle: subtitle, width: 800, height: 330,
                         content: .heatmap(.weekdayHour(matrix.map { $0.map(Double.init) })))
    }

    /// A KPI tile's sparkline.
    public static func sparkline(name: String, title: String, values: [Double], unit: ValueUnit = .count) -> ChartDescription {
        ChartDescription(name: name, title: title, width: 160, height: 40,
                         content: .sparkline(SparklineChart(values: values, unit: unit, seriesName: title)))
    }

    /// File size against processing time of processed documents, on a log size axis.
    public static func processingTimeBySize(_ points: [(fileSizeMB: Double, milliseconds: Double)], subtitle: String? = nil)
        -> ChartDescription
    {
        let series = ScatterSeries(name: "documents", points: points.map { ScatterPoint(x: $0.fileSizeMB, y: $0.milliseconds) })
        let chart = ScatterChart(series: [series], xAxis: ValueAxis(title: "File size (MB, log scale)", unit: .megabytes, logarithmic: true),
                                 yAxis: ValueAxis(title: "Processing time (ms)", unit: .milliseconds))
        return ChartDescription(name: "processing_time_by_size", title: "Processing time by file size", subtitle: subtitle,
                                width: 800, height: 400, content: .scatter(chart))
    }

    /// The next 1-2-5 number at or above `value`.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, log10(value).rounded(.down))
        return ([1.0, 2, 2.5, 5, 10].first { $0 * magnitude >= value } ?? 10) * magnitude
    }
}
