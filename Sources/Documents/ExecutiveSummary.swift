internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

/// The executive summary of a report: headline figures (with the previous period and the
/// change where the report compares periods), their state against the thresholds, and the
/// recommendations.
struct ExecutiveSummary {
    enum State {
        case ok, warning, critical, noData

        var label: String {
            switch self {
            case .ok: "OK"
            case .warning: "Warning"
            case .critical: "Critical"
            case .noData: "No data"
            }
        }

        var color: UInt32 {
            switch self {
            case .ok: Ink.ok
            case .warning: Ink.warning
            case .critical: Ink.critical
            case .noData: Ink.faint
            }
        }
    }

    struct KPI {
        var label: String
        var value: String
        var previous: String = "—"
        var change: String = "—"
        var state: State?
    }

    var kpis: [KPI]
    /// Whether the report has previous-period figures (only processing performance does).
    var comparesPeriods: Bool
    /// How the states were judged, when any were.
    var thresholdNote: String?
    var recommendations: [String]

    init(_ data: ReportData, thresholds t: PerformanceThresholds) {
        typealias F = DocumentFormat
        switch data {
        case .processingPerformance(let r):
            let p = r.previousPeriod.figures, c = r.changePct
            let count = { (v: Double?) in v.map { F.integer(Int64($0.rounded())) } ?? "—" }
            let ms = { (v: Double?) in v == nil ? "—" : F.decimal(v, unit: " ms") }
            let pct = { (v: Double?) in v == nil ? "—" : F.decimal(v, unit: "%") }
            let attempts = r.totalProcessed + r.totalErrors
            let errorRate = attempts == 0 ? nil : Double(r.totalErrors) / Double(attempts) * 100
            let previousAttempts = (p.totalProcessed ?? 0) + (p.totalErrors ?? 0)
            let previousErrorRate = previousAttempts == 0 ? nil : (p.totalErrors ?? 0) / previousAttempts * 100
            let errorRateChange = previousErrorRate.flatMap { prev in errorRate.flatMap { prev == 0 ? nil : ($0 - prev) / prev * 100 } }
            let successState: State = r.successRate.map { $0 < t.successRateCritical ? .critical : $0 < t.successRateWarning ? .warning : .ok } ?? .noData
            let p95State: State = r.processingTime.p95.map { $0 > t.p95CriticalMs ? .critical : $0 > t.p95WarningMs ? .warning : .ok } ?? .noData
            let errorState: State = errorRate.map { $0 > t.errorRateCritical ? .critical : $0 > t.errorRateWarning ? .warning : .ok } ?? .noData
            let baselineState: State = r.baseline.p95ProcessingTime == nil || r.processingTime.p95 == nil ? .noData : r.baseline.breach ? .critical : .ok
            kpis = [
                KPI(label: "Documents processed", value: F.integer(r.totalProcessed), previous: count(p.totalProcessed), change: F.change(c.totalProcessed)),
                KPI(label: "Errors", value: F.integer(r.totalErrors), previous: count(p.totalErrors), change: F.change(c.totalErrors)),
                KPI(label: "Success rate", value: pct(r.successRate), previous: pct(p.successRate), change: F.change(c.successRate), state: successState),
                KPI(label: "Error rate", value: pct(errorRate), previous: pct(previousErrorRate), change: F.change(errorRateChange), state: errorState),
                KPI(label: "Avg processing time", value: ms(r.processingTime.mean), previous: ms(p.avgProcessingTime), change: F.change(c.avgProcessingTime)),
                KPI(label: "p95 processing time", value: ms(r.processingTime.p95), previous: ms(p.p95ProcessingTime), change: F.change(c.p95ProcessingTime), state: p95State),
                KPI(label: "p95 baseline (4 prior periods)", value: ms(r.baseline.p95ProcessingTime), state: baselineState),
            ]
            comparesPeriods = true
            thresholdNote = "States: success rate warning below \(F.decimal(t.successRateWarning))%, critical below \(F.decimal(t.successRateCritical))%; "
                + "error rate warning above \(F.decimal(t.errorRateWarning))%, critical above \(F.decimal(t.errorRateCritical))%; "
                + "p95 processing time warning above \(F.integer(Int64(t.p95WarningMs))) ms, critical above \(F.integer(Int64(t.p95CriticalMs))) ms; "
                + "the baseline is breached when the p95 exceeds it by more than \(F.decimal(r.baseline.tolerancePct))%. "
                + "Changes are against the previous period of the same length."
            var advice: [String] = []
            if let rate = r.successRate, successState != .ok {
                advice.append("Success rate \(F.decimal(rate))% is below the \(F.decimal(successState == .critical ? t.successRateCritical : t.successRateWarning))% \(successState == .critical ? "critical" : "warning") threshold: see the error analysis report for the dominant error types.")
            }
            if let rate = errorRate, errorState != .ok {
                advice.append("Error rate \(F.decimal(rate))% is above the \(F.decimal(errorState == .critical ? t.errorRateCritical : t.errorRateWarning))% \(errorState == .critical ? "critical" : "warning") threshold.")
            }
            if let p95 = r.processingTime.p95, p95State != .ok {
                advice.append("p95 processing time \(F.decimal(p95)) ms is above the \(F.integer(Int64(p95State == .critical ? t.p95CriticalMs : t.p95WarningMs))) ms \(p95State == .critical ? "critical" : "warning") threshold.")
            }
            if r.baseline.breach, let p95 = r.processingTime.p95, let base = r.baseline.p95ProcessingTime {
                advice.append("p95 processing time \(F.decimal(p95)) ms exceeds the baseline \(F.decimal(base)) ms by more than \(F.decimal(r.baseline.tolerancePct))%: check recent deployments and the slowest services in the service breakdown.")
            }
            if attempts == 0 {
                advice.append("No documents were processed in this period.")
            } else if advice.isEmpty {
                advice.append("All figures are within their thresholds; no action is needed.")
            }
            recommendations = advice
        case .businessIntelligence(let r):
            let top = r.deviceTypes.first
            kpis = [
                KPI(label: "Models generated", value: F.integer(r.totalModelsGenerated)),
                KPI(label: "Top device type", value: top.map { "\($0.deviceType ?? "unknown") (\(F.decimal($0.share, unit: "%")))" } ?? "—"),
                KPI(label: "Avg parameters extracted", value: F.decimal(r.parametersExtracted.mean)),
                KPI(label: "Max parameters extracted", value: r.parametersExtracted.max.map { F.decimal($0) } ?? "—"),
                KPI(label: "Most active user", value: r.topUsers.first.map { "\($0.userId) (\(F.integer($0.activityCount)))" } ?? "—"),
                KPI(label: "Most used feature", value: r.featureUsage.first.map { "\($0.eventType) (\(F.integer($0.usageCount)))" } ?? "—"),
            ]
            comparesPeriods = false
            thresholdNote = nil
            recommendations = []
        case .errorAnalysis(let r):
            kpis = [
                KPI(label: "Errors", value: F.integer(r.totalErrors)),
                KPI(label: "Most common error", value: r.mostCommonError.map { "\($0.errorType ?? "untyped") · \($0.service ?? "unattributed") (\(F.integer($0.count)))" } ?? "—"),
                KPI(label: "Services with errors", value: F.integer(Int64(r.errorRateByService.filter { $0.errors > 0 }.count))),
                KPI(label: "Root causes found", value: F.integer(Int64(r.rootCauses.count))),
                KPI(label: "Distinct messages (top 20)", value: F.integer(Int64(r.topMessages.count))),
            ]
            comparesPeriods = false
            thresholdNote = nil
            recommendations = r.recommendations
        case .userActivity(let r):
            kpis = [
                KPI(label: "Active users", value: F.integer(Int64(r.activeUsers))),
                KPI(label: "Activities", value: F.integer(r.totalActivities)),
                KPI(label: "New users", value: F.integer(Int64(r.newUsers))),
                KPI(label: "Returning users", value: F.integer(Int64(r.returningUsers))),
                KPI(label: "Power users (50+ events)", value: F.integer(Int64(r.segments.power))),
                KPI(label: "Regular users (10–49)", value: F.integer(Int64(r.segments.regular))),
                KPI(label: "Occasional users (1–9)", value: F.integer(Int64(r.segments.occasional))),
                KPI(label: "Peak hour", value: r.peakUsage.peak.map { "\($0.weekdayName) \($0.hour < 10 ? "0" : "")\($0.hour):00 (\(F.integer($0.count)) events)" } ?? "—"),
            ]
            comparesPeriods = false
            thresholdNote = nil
            recommendations = []
        }
    }
}
