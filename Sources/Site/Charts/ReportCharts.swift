internal import Charts
internal import Foundation
internal import Model
internal import Reports

/// The charts each report shows, built from its data with the Charts presets.
enum ReportCharts {
    static func charts(for document: ReportDocument, calendar: ZoneCalendar, hourly: Bool) -> [ChartDescription] {
        let subtitle = "\(document.metadata.timeRange) · \(DisplayFormat.instant(document.metadata.period.start)) – \(DisplayFormat.instant(document.metadata.period.end))"
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
                    rows, bucket: hourly ? .hour : .day, start: start, end: end, timeZone: calendar.identifier, subtitle: subtitle),
                ChartPresets.performanceMetrics(
                    PerformanceFigures(
                        successRate: report.successRate, p95ProcessingTime: report.processingTime.p95,
                        averageProcessingTime: report.processingTime.mean,
                        errorRate: attempts == 0 ? nil : Double(report.totalErrors) / Double(attempts) * 100),
                    subtitle: subtitle),
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

    /// The instant a bucket key starts: local midnight of a `YYYY-MM-DD` day, or the hour key's own instant.
    static func instant(_ key: String, calendar: ZoneCalendar) -> Date? {
        if key.count == 10 {
            guard let midnightUTC = Timestamp.parse(key + "T00:00:00Z") else { return nil }
            let day = Int(midnightUTC / 86_400_000)
            return Date(timeIntervalSince1970: Double(calendar.startOfDay(day)) / 1000)
        }
        return Timestamp.parse(key).map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
