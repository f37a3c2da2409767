internal import Model

/// `processing_performance` (SPEC §4).
public struct ProcessingPerformanceReport: Sendable, Codable, Hashable {
    public var totalProcessed: Int64
    public var totalErrors: Int64
    /// processed / (processed + errors) × 100; nil when both are 0.
    public var successRate: Double?
    /// `processing_time.mean`, 0 without data (as the original answered).
    public var avgProcessingTime: Double
    public var processingTime: ProcessingTime
    public var serviceBreakdown: [ServiceBreakdown]
    public var timeSeries: [TimeSeriesPoint]
    public var period: Period
    public var previousPeriod: PreviousPeriod
    public var changePct: PeriodFigures
    public var baseline: Baseline

    enum CodingKeys: String, CodingKey {
        case totalProcessed = "total_processed", totalErrors = "total_errors", successRate = "success_rate"
        case avgProcessingTime = "avg_processing_time", processingTime = "processing_time"
        case serviceBreakdown = "service_breakdown", timeSeries = "time_series", period
        case previousPeriod = "previous_period", changePct = "change_pct", baseline
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(totalProcessed, forKey: .totalProcessed)
        try c.encode(totalErrors, forKey: .totalErrors)
        try c.encode(successRate, forKey: .successRate)
        try c.encode(avgProcessingTime, forKey: .avgProcessingTime)
        try c.encode(processingTime, forKey: .processingTime)
        try c.encode(serviceBreakdown, forKey: .serviceBreakdown)
        try c.encode(timeSeries, forKey: .timeSeries)
        try c.encode(period, forKey: .period)
        try c.encode(previousPeriod, forKey: .previousPeriod)
        try c.encode(changePct, forKey: .changePct)
        try c.encode(baseline, forKey: .baseline)
    }
}

/// `{count, mean, p50, p90, p95, p99, max}` of processing_time_ms; all nil when count is 0.
public struct ProcessingTime: Sendable, Codable, Hashable {
    public var count: Int64
    public var mean, p50, p90, p95, p99, max: Double?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(mean, forKey: .mean)
        try c.encode(p50, forKey: .p50)
        try c.encode(p90, forKey: .p90)
        try c.encode(p95, forKey: .p95)
        try c.encode(p99, forKey: .p99)
        try c.encode(max, forKey: .max)
    }

    enum CodingKeys: String, CodingKey { case count, mean, p50, p90, p95, p99, max }
}

public struct ServiceBreakdown: Sendable, Codable, Hashable {
    public var serviceName: String?
    public var requests, processed, errors: Int64
    public var errorRate: Double?
    public var p95ProcessingTime: Double?

    enum CodingKeys: String, CodingKey {
        case serviceName = "service_name", requests, processed, errors, errorRate = "error_rate"
        case p95ProcessingTime = "p95_processing_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(serviceName, forKey: .serviceName)
        try c.encode(requests, forKey: .requests)
        try c.encode(processed, forKey: .processed)
        try c.encode(errors, forKey: .errors)
        try c.encode(errorRate, forKey: .errorRate)
        try c.encode(p95ProcessingTime, forKey: .p95ProcessingTime)
    }
}

public struct TimeSeriesPoint: Sendable, Codable, Hashable {
    public var date: String
    public var eventType: String
    public var count: Int64

    enum CodingKeys: String, CodingKey { case date, eventType = "event_type", count }
}

/// The headline figures of a period (also used for `change_pct`).
public struct PeriodFigures: Sendable, Codable, Hashable {
    public var totalProcessed, totalErrors, successRate, avgProcessingTime, p95ProcessingTime: Double?

    enum CodingKeys: String, CodingKey {
        case totalProcessed = "total_processed", totalErrors = "total_errors", successRate = "success_rate"
        case avgProcessingTime = "avg_processing_time", p95ProcessingTime = "p95_processing_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(totalProcessed, forKey: .totalProcessed)
        try c.encode(totalErrors, forKey: .totalErrors)
        try c.encode(successRate, forKey: .successRate)
        try c.encode(avgProcessingTime, forKey: .avgProcessingTime)
        try c.encode(p95ProcessingTime, forKey: .p95ProcessingTime)
    }
}

/// The previous period's figures, with `change_pct` repeated inside for convenience.
public struct PreviousPeriod: Sendable, Codable, Hashable {
    public var figures: PeriodFigures
    public var changePct: PeriodFigures
    public var period: Period?

    public func encode(to encoder: any Encoder) throws {
        try figures.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(changePct, forKey: .changePct)
        try c.encode(period, forKey: .period)
    }

    public init(figures: PeriodFigures, changePct: PeriodFigures, period: Period?) {
        self.figures = figures
        self.changePct = changePct
        self.period = period
    }

    public init(from decoder: any Decoder) throws {
        figures = try PeriodFigures(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        changePct = try c.decode(PeriodFigures.self, forKey: .changePct)
        period = try c.decodeIfPresent(Period.self, forKey: .period)
    }

    enum CodingKeys: String, CodingKey { case changePct = "change_pct", period }
}

/// p95 over the four previous periods together, and whether the current p95 breaches it.
public struct Baseline: Sendable, Codable, Hashable {
    public var p95ProcessingTime: Double?
    public var tolerancePct: Double
    public var breach: Bool

    enum CodingKeys: String, CodingKey {
        case p95ProcessingTime = "p95_processing_time", tolerancePct = "tolerance_pct", breach
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(p95ProcessingTime, forKey: .p95ProcessingTime)
        try c.encode(tolerancePct, forKey: .tolerancePct)
        try c.encode(breach, forKey: .breach)
    }
}
