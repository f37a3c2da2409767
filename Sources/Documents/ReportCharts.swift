public import Charts
public import Model
public import Reports
public import Foundation

/// The charts each report shows — on its site page and in its PDF — built from its data with
/// the Charts presets. One mapping, so the page and the document always agree.
public enum ReportCharts {
    /// The report's charts; `hourly` for 1-day ranges (hour buckets).
    /// `thresholds` draws the gauge bands (the configured alert thresholds).
    public static func charts(for document: ReportDocument, calendar: ZoneCalendar, hourly: Bool,
                              thresholds: PerformanceThresholds = .standard) -> [ChartDescription] {
        let show = { (iso: String) in Timestamp.readable(iso) }
        let subtitle = "\(document.metadata.timeRange) · \(show(document.metadata.period.start)) – \(show(document.metadata.period.end))"
        let start = Timestamp.parse(document.metadata.period.start).map { Date(timeIntervalSince1970: Double($0) / 1000) }
        let end = Timestamp.parse(document.metadata.period.end).map { Date(timeIntervalSince1970: Double($0) / 1000) }
        switch document.data {
        case .processingPerformance(let report):
            let rows = report.timeSeries.compactMap { point in
                instant(point.date, calendar: calendar).map { TimelineCount(date: $0, eventType: point.eventType, count: Int(point.count)) }
            }
            let attempts = report.totalProcessed + report.totalErrors
            return [
                ChartPresets.processingTimeline(
                    rows, bucket: hourly ? .hour : .day, start: start, end: end, timeZone: calendar.identifier, subtitle: subtitle,
                    inProgress: document.inProgressBucket != nil),
                ChartPresets.performanceMetrics(
                    PerformanceFigures(
                        successRate: report.successRate, p95ProcessingTime: report.processingTime.p95,
                        averageProcessingTime: report.processingTime.mean,
                        errorRate: attempts == 0 ? nil : Double(report.totalErrors) / Double(attempts) * 100),
                    thresholds: thresholds, subtitle: subtitle),
            ]
        case .businessIntelligence(let report):
            return [
                ChartPresets.deviceDistribution(
                    report.deviceTypes.map { (deviceType: $0.deviceType ?? "unknown", count: Int($0.count)) }, subtitle: subtitle)
            ]
        case .errorAnalysis(let report):
            return [
                ChartPresets.errorAnalysis(
                    report.errorPatterns.map { ErrorPatternCount(errorType: $0.errorType, service: $0.service, count: Int($0.count)) },
                    subtitle: subtitle)
            ]
        case .userActivity(let report):
            return [ChartPresets.peakUsage(report.peakUsage.matrix.map { $0.map(Int.init) }, subtitle: subtitle)]
        }
    }

    /// One sentence saying what a chart shows, for its caption in the PDF.
    public static func caption(for chart: ChartDescription, timeZone: String) -> String {
        switch chart.name {
        case "processing_timeline": "Events per bucket by event type over the period (\(timeZone)); buckets without events count as zero."
        case "performance_metrics": "Success rate, p95 and mean processing time and error rate against the warning and critical thresholds."
        case "device_distribution": "Share of generated models by device type; types under 2 % are grouped as Other."
        case "error_analysis": "Errors by error type, stacked by the service that raised them."
        case "peak_usage": "Events with a user by weekday and local hour (\(timeZone)); darker cells are busier."
        default: chart.subtitle ?? chart.title
        }
    }

    /// The instant a bucket key starts: local midnight of a `YYYY-MM-DD` day, or the hour key's own instant.
    public static func instant(_ key: String, calendar: ZoneCalendar) -> Date? {
        if key.count == 10 {
            guard let midnightUTC = Timestamp.parse(key + "T00:00:00Z") else { return nil }
            let day = Int(midnightUTC / 86_400_000)
            return Date(timeIntervalSince1970: Double(calendar.startOfDay(day)) / 1000)
        }
        return Timestamp.parse(key).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
