import Foundation
public import Model

/// Every chart type on demo-like data, for reviewing the look (`espice-analytics gallery DIR`)
/// and for the golden tests.
public enum ChartGallery {
    /// The gallery's charts, in page order.
    public static func charts() -> [ChartDescription] {
        var demo = DemoData(seed: 7)
        let end = DemoData.asOf
        let start = end.addingTimeInterval(-30 * 86400)
        let timeline = demo.timeline(days: 30, end: end)
        let previous = demo.timeline(days: 30, end: start, scale: 0.85)
        var charts: [ChartDescription] = [
            ChartPresets.processingTimeline(timeline, bucket: .day, start: start, end: end, previous: previous,
                                            subtitle: "Last 30 days, daily, UTC · dashed: previous 30 days"),
            ChartPresets.processingTimeline(demo.hourly(end: end), bucket: .hour, start: end.addingTimeInterval(-86400), end: end,
                                            movingAverage: 3, subtitle: "Last 24 hours, hourly · dotted: 3-hour average"),
            ChartPresets.errorAnalysis(demo.errorPatterns(), subtitle: "Last 30 days"),
            ChartPresets.deviceDistribution(DemoData.devices, subtitle: "Models generated, last 30 days"),
            ChartPresets.performanceMetrics(PerformanceFigures(successRate: 96.4, p95ProcessingTime: 3480,
                                                               averageProcessingTime: 1520, errorRate: 3.6),
                                            subtitle: "Last 7 days against the alert thresholds"),
            ChartPresets.peakUsage(demo.peakMatrix(), subtitle: "Events per hour, Monday first, UTC"),
            ChartPresets.processingTimeBySize(demo.scatter(count: 1500), subtitle: "1,500 documents, last 7 days"),
        ]
        charts[1].name = "processing_timeline_1d"
        let users = ["山田太郎", "José Álvarez", "Zoë Müller", "u-1042", "Ørjan Håland", "李小龍", "ops-bot@espice.example",
                     "Małgorzata Wiśniewska-Kowalczyk", "u-7"]
        let activity = users.indices.map { Double(940 / ($0 + 1) + 13 * $0) }
        charts.append(ChartDescription(name: "top_users", title: "Top users by activity", subtitle: "Events, last 30 days",
                                       width: 800, height: 360,
                                       content: .bar(BarChart(categories: users, series: [BarSeries(name: "events", values: activity)]))))
        let days = (0..<45).map { i in CivilDate(daysSinceEpoch: 20_560 + i).description }
        charts.append(ChartDescription(
            name: "models_per_day", title: "Models generated per day", subtitle: "45 categories: labels rotated and thinned",
            width: 800, height: 360, content: .bar(BarChart(categories: days, series: [
                BarSeries(name: "models", values: days.indices.map { 40 + 30 * sin(Double($0) / 4) + 20 * demo.next() }),
            ], orientation: .vertical, showValues: false))))
        charts.append(ChartDescription(
            name: "requests_by_service", title: "Requests by service", subtitle: "Grouped: processed and errors",
            width: 800, height: 360, content: .bar(BarChart(
                categories: ["pdf-service", "spice-service", "ml-service", "web-ui"],
                series: [BarSeries(name: "processed", values: [12840, 9310, 4420, 1630]),
                         BarSeries(name: "errors", values: [412, 655, 138, 21])], stacking: .grouped))))
        charts.append(ChartPresets.sparkline(name: "kpi_processed", title: "document_processed",
                                             values: timeline.filter { $0.eventType == "document_processed" }.map { Double($0.count) }))
        charts.append(ChartDescription(name: "no_data", title: "Processing timeline", subtitle: "Filter: service_name = archive",
                                       width: 800, height: 300,
                                       content: .line(LineChart(bucket: .day, start: start, end: end, series: []))))
        charts.append(ChartDescription(name: "single_point", title: "Errors today", subtitle: "One bucket so far",
                                       width: 800, height: 300, content: .line(LineChart(
                                           bucket: .day, series: [LineSeries(name: "processing_error", points: [DatedValue(date: end, value: 17)])]))))
        return charts
    }

    /// A chart at phone width (360 px), to review how layouts adapt.
    public static func narrow(_ chart: ChartDescription) -> ChartDescription {
        var copy = chart
        copy.name += "-narrow"
        if case .sparkline = chart.content { return copy }
        copy.width = 360
        copy.height = max(260, min(chart.height, 340))
        return copy
    }
}
