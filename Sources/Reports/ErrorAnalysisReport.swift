internal import Model
internal import Store

/// `error_analysis` (SPEC §4).
public struct ErrorAnalysisReport: Sendable, Codable, Hashable {
    public var errorPatterns: [ErrorPattern]
    public var errorTimeline: [ErrorTimelinePoint]
    public var totalErrors: Int64
    public var mostCommonError: ErrorPattern?
    public var errorRateByService: [ServiceErrorRate]
    public var rootCauses: [RootCause]
    public var topMessages: [MessageCount]
    public var recommendations: [String]

    enum CodingKeys: String, CodingKey {
        case errorPatterns = "error_patterns", errorTimeline = "error_timeline", totalErrors = "total_errors"
        case mostCommonError = "most_common_error", errorRateByService = "error_rate_by_service"
        case rootCauses = "root_causes", topMessages = "top_messages", recommendations
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(errorPatterns, forKey: .errorPatterns)
        try c.encode(errorTimeline, forKey: .errorTimeline)
        try c.encode(totalErrors, forKey: .totalErrors)
        try c.encode(mostCommonError, forKey: .mostCommonError)
        try c.encode(errorRateByService, forKey: .errorRateByService)
        try c.encode(rootCauses, forKey: .rootCauses)
        try c.encode(topMessages, forKey: .topMessages)
        try c.encode(recommendations, forKey: .recommendations)
    }
}

public struct ErrorPattern: Sendable, Codable, Hashable {
    public var errorType: String?
    public var service: String?
    public var count: Int64
    enum CodingKeys: String, CodingKey { case errorType = "error_type", service, count }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(errorType, forKey: .errorType)
        try c.encode(service, forKey: .service)
        try c.encode(count, forKey: .count)
    }
}

public struct ErrorTimelinePoint: Sendable, Codable, Hashable {
    public var date: String
    public var errorCount: Int64
    enum CodingKeys: String, CodingKey { case date, errorCount = "error_count" }
}

public struct ServiceErrorRate: Sendable, Codable, Hashable {
    public var serviceName: String?
    public var errors: Int64
    public var processed: Int64
    public var errorRate: Double?
    enum CodingKeys: String, CodingKey { case serviceName = "service_name", errors, processed, errorRate = "error_rate" }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(serviceName, forKey: .serviceName)
        try c.encode(errors, forKey: .errors)
        try c.encode(processed, forKey: .processed)
        try c.encode(errorRate, forKey: .errorRate)
    }
}

/// A value of a dimension whose error rate stands out: lift = its rate / the overall rate.
public struct RootCause: Sendable, Codable, Hashable {
    public var dimension: String
    /// The value as text (hours as `0`–`23`).
    public var value: String
    public var attempts: Int64
    public var errors: Int64
    public var errorRate: Double
    public var lift: Double
    enum CodingKeys: String, CodingKey { case dimension, value, attempts, errors, errorRate = "error_rate", lift }
}

public struct MessageCount: Sendable, Codable, Hashable {
    public var message: String
    public var count: Int64
}

extension ErrorAnalysisReport {
    /// Root causes need this many attempts and this lift to be listed.
    static let minimumAttempts: Int64 = 20
    static let minimumLift = 1.5

    static func build(_ data: WindowData, previous: WindowData?, context: ReportContext) -> Self {
        let aggregates = data.aggregates
        var patterns: [ErrorKeyName: Int64] = [:]
        var timeline: [BucketKey: Int64] = [:]
        let bucket = context.bucketer()
        var total: Int64 = 0
        for (key, count) in aggregates.errors {
            patterns[ErrorKeyName(errorType: key.errorType, service: key.service), default: 0] += count
            timeline[bucket(key.slot), default: 0] += count
            total += count
        }
        let errorPatterns = patterns.map { ErrorPattern(errorType: $0.key.errorType, service: $0.key.service, count: $0.value) }
            .sorted { Figures.byCount($0.count, [$0.errorType, $0.service], $1.count, [$1.errorType, $1.service]) }
        var messages: [UTF8Key: Int64] = [:]
        for (key, count) in aggregates.messages { messages[UTF8Key(key.message), default: 0] += count }
        let causes = RootCauseAnalysis(aggregates, context: context)
        let previousErrors = previous.map { WindowSummary($0.aggregates, roles: context.roles).errors }
        var report = ErrorAnalysisReport(
            errorPatterns: errorPatterns,
            errorTimeline: timeline.sorted { $0.key < $1.key }.map { ErrorTimelinePoint(date: $0.key.text, errorCount: $0.value) },
            totalErrors: total, mostCommonError: errorPatterns.first,
            errorRateByService: causes.serviceRates,
            rootCauses: causes.rootCauses,
            topMessages: Array(
                messages.map { MessageCount(message: $0.key.text, count: $0.value) }
                    .sorted { Figures.byCount($0.count, [$0.message], $1.count, [$1.message]) }.prefix(20)),
            recommendations: [])
        report.recommendations = Recommendations.make(report, overallRate: causes.overallRate, previousErrors: previousErrors)
        return report
    }
}

/// An error pattern's key; texts are equal when their bytes are (``UTF8Key``).
struct ErrorKeyName: Hashable {
    var errorType: String?
    var service: String?

    static func == (lhs: Self, rhs: Self) -> Bool { UTF8Key.same(lhs.errorType, rhs.errorType) && UTF8Key.same(lhs.service, rhs.service) }

    func hash(into hasher: inout Hasher) {
        UTF8Key.hash(errorType, into: &hasher)
        UTF8Key.hash(service, into: &hasher)
    }
}
