public import Model
public import Store

/// The figures thresholds are checked against, over the alert range (SPEC §11).
public struct AlertFigures: Sendable, Hashable, Codable {
    /// Every event stored in the range (any type).
    public var totalEvents: Int
    public var documentsProcessed: Int64
    public var errors: Int64
    /// Percent; nil without processed documents or errors.
    public var successRate: Double?
    /// Milliseconds; nil without timed documents.
    public var p95ProcessingTimeMs: Double?
    /// Percent of attempts (processed + errors) that failed; nil without attempts.
    public var errorRate: Double?
    /// The range's window, UTC ms `[start, end)`.
    public var window: TimeWindow

    /// The figure of one metric.
    public func value(_ metric: AlertMetric) -> Double? {
        switch metric {
        case .successRate: successRate
        case .p95ProcessingTimeMs: p95ProcessingTimeMs
        case .errorRate: errorRate
        }
    }
}

/// A thresholded figure.
public enum AlertMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case successRate = "success_rate"
    case p95ProcessingTimeMs = "p95_processing_time_ms"
    case errorRate = "error_rate"

    /// Success rates alert when they fall below a threshold; the others when they rise above.
    public var lowerIsWorse: Bool { self == .successRate }

    public var title: String {
        switch self {
        case .successRate: "Success rate"
        case .p95ProcessingTimeMs: "p95 processing time"
        case .errorRate: "Error rate"
        }
    }

    public var unit: String { self == .p95ProcessingTimeMs ? " ms" : "%" }
}

/// `ok` < `warn` < `critical`.
public enum AlertLevel: String, Sendable, Hashable, Codable, Comparable {
    case ok, warn, critical

    var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }
    public static func < (a: AlertLevel, b: AlertLevel) -> Bool { a.rank < b.rank }
}

/// One metric of one scope (`all` or a service name) against its thresholds.
public struct AlertReading: Sendable, Hashable, Codable {
    public var metric: AlertMetric
    public var scope: String
    public var value: Double?
    public var level: AlertLevel
    public var threshold: AlertSettings.Threshold
}

/// Checks the configured thresholds (`alerts:`) against the figures of the alert range: the
/// top-level thresholds against every service together (scope `all`), `services.<name>` against
/// that service's events alone. A figure without data (no events) is `ok`.
public struct AlertEvaluator: Sendable {
    public let settings: AlertSettings
    public let engine: ReportEngine

    public init(settings: AlertSettings, engine: ReportEngine) {
        self.settings = settings
        self.engine = engine
    }

    /// The range name thresholds are evaluated over (`alerts.range`, default `1d`).
    public var rangeName: String { settings.range ?? "1d" }

    /// The level of `value` against `threshold`: critical beyond the critical threshold, warn
    /// beyond the warning one (below for a success rate, above otherwise).
    public static func level(_ metric: AlertMetric, value: Double?, threshold: AlertSettings.Threshold) -> AlertLevel {
        guard let value else { return .ok }
        func beyond(_ limit: Double?) -> Bool {
            guard let limit else { return false }
            return metric.lowerIsWorse ? value < limit : value > limit
        }
        if beyond(threshold.critical) { return .critical }
        if beyond(threshold.warn) { return .warn }
        return .ok
    }

    /// The figures of the alert range at `asOf`, for every service or one. Call
    /// ``ReportEngine/refresh(full:)`` first.
    public func figures(asOf: Int64, service: String? = nil) throws -> AlertFigures {
        let range = try TimeRange.parse(rangeName)
        let filters = ReportFilters(serviceName: service.map { [$0] })
        let document = try engine.generate(ReportRequest(type: .processingPerformance, range: range, asOf: asOf, filters: filters))
        guard case .processingPerformance(let report) = document.data else {
            throw ReportRequestError(field: "alerts.range", message: "no processing figures for \(rangeName)")
        }
        let window = range.window(asOf: asOf, earliest: try engine.store.earliestEventTime())
        let attempts = report.totalProcessed + report.totalErrors
        return AlertFigures(
            totalEvents: service == nil ? try engine.store.eventCount(in: window) : Int(attempts),
            documentsProcessed: report.totalProcessed, errors: report.totalErrors, successRate: report.successRate,
            p95ProcessingTimeMs: report.processingTime.p95,
            errorRate: attempts == 0 ? nil : Double(report.totalErrors) / Double(attempts) * 100, window: window)
    }

    /// Every configured threshold's reading at `asOf`, scope `all` first, then services by name.
    public func readings(asOf: Int64, overall: AlertFigures? = nil) throws -> [AlertReading] {
        var result: [AlertReading] = []
        func add(_ scope: String, _ figures: AlertFigures, _ thresholds: [(AlertMetric, AlertSettings.Threshold?)]) {
            for case let (metric, threshold?) in thresholds {
                let value = figures.value(metric)
                result.append(AlertReading(metric: metric, scope: scope, value: value,
                                           level: Self.level(metric, value: value, threshold: threshold), threshold: threshold))
            }
        }
        let top: [(AlertMetric, AlertSettings.Threshold?)] = [
            (.successRate, settings.successRate), (.p95ProcessingTimeMs, settings.p95ProcessingTimeMs), (.errorRate, settings.errorRate),
        ]
        if top.contains(where: { $0.1 != nil }) { add("all", try overall ?? figures(asOf: asOf), top) }
        for (service, thresholds) in (settings.services ?? [:]).sorted(by: { $0.key < $1.key }) {
            add(service, try figures(asOf: asOf, service: service), [
                (.successRate, thresholds.successRate), (.p95ProcessingTimeMs, thresholds.p95ProcessingTimeMs), (.errorRate, thresholds.errorRate),
            ])
        }
        return result
    }
}

extension AlertReading {
    /// One sentence: "Success rate 88.20% is below the critical threshold 90% (all services, last 1d)."
    public func message(range: String) -> String {
        let scopeText = scope == "all" ? "all services" : scope
        let valueText = value.map { Self.number($0) + metric.unit } ?? "no data"
        let side = metric.lowerIsWorse ? "below" : "above"
        let text = switch level {
        case .ok: "\(metric.title) \(valueText) is within its thresholds"
        case .warn: "\(metric.title) \(valueText) is \(side) the warning threshold \(Self.number(threshold.warn ?? 0))\(metric.unit)"
        case .critical: "\(metric.title) \(valueText) is \(side) the critical threshold \(Self.number(threshold.critical ?? 0))\(metric.unit)"
        }
        return text + " (\(scopeText), last \(range))."
    }

    static func number(_ value: Double) -> String {
        guard value != value.rounded() || abs(value) >= 1e15 else { return String(Int64(value)) }
        let hundredths = Int64((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        return (value < 0 && hundredths / 100 == 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
