public import Foundation

/// One row of a report's `time_series`: how many events of a type fell into a bucket.
public struct TimelineCount: Sendable, Equatable {
    public var date: Date
    public var eventType: String
    public var count: Int

    public init(date: Date, eventType: String, count: Int) {
        self.date = date
        self.eventType = eventType
        self.count = count
    }
}

/// One row of `error_patterns`: an error type in a service (either may be unknown).
public struct ErrorPatternCount: Sendable, Equatable {
    public var errorType: String?
    public var service: String?
    public var count: Int

    public init(errorType: String?, service: String?, count: Int) {
        self.errorType = errorType
        self.service = service
        self.count = count
    }
}

/// The figures behind the `performance_metrics` gauges; `nil` means no data (drawn as "—").
public struct PerformanceFigures: Sendable, Equatable {
    /// Success rate in percent.
    public var successRate: Double?
    /// 95th percentile processing time in ms.
    public var p95ProcessingTime: Double?
    /// Mean processing time in ms.
    public var averageProcessingTime: Double?
    /// Errors per attempt, in percent.
    public var errorRate: Double?

    public init(successRate: Double?, p95ProcessingTime: Double?, averageProcessingTime: Double?, errorRate: Double?) {
        self.successRate = successRate
        self.p95ProcessingTime = p95ProcessingTime
        self.averageProcessingTime = averageProcessingTime
        self.errorRate = errorRate
    }
}

/// Alert thresholds drawn as gauge bands and targets (defaults follow the config file's).
public struct PerformanceThresholds: Sendable, Equatable {
    public var successRateWarning = 95.0
    public var successRateCritical = 90.0
    public var successRateTarget = 99.0
    public var p95WarningMs = 3000.0
    public var p95CriticalMs = 5000.0
    public var p95TargetMs = 2000.0
    public var errorRateWarning = 5.0
    public var errorRateCritical = 10.0

    public init() {}

    public static let standard = PerformanceThresholds()
}
