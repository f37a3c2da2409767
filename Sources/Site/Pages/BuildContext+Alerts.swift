internal import Charts
internal import Model
internal import Reports

extension BuildContext {
    /// The summary page with the configured thresholds' current levels: one banner line per
    /// breached threshold (critical first), or a line saying all of them are met.
    func withThresholdAlerts(_ page: IndexPageView) -> IndexPageView {
        guard !options.alerts.isEmpty else { return page }
        var page = page
        let evaluator = AlertEvaluator(settings: options.alerts, engine: engine)
        do {
            let readings = try evaluator.readings(asOf: options.asOf)
            let breached = readings.filter { $0.level != .ok }.sorted { $0.level > $1.level }
            page.alerts += breached.map { AlertView(text: "\($0.level == .critical ? "Critical" : "Warning"): " + $0.message(range: evaluator.rangeName),
                                                    level: $0.level.rawValue) }
            if breached.isEmpty && !readings.isEmpty {
                page.alertsOK = "All \(readings.count) alert threshold\(readings.count == 1 ? " is" : "s are") met (last \(evaluator.rangeName))."
                page.hasAlertsOK = true
            }
        } catch {
            page.alerts.append(AlertView(text: "The alert thresholds could not be evaluated: \(error)"))
        }
        page.hasAlerts = !page.alerts.isEmpty
        return page
    }
}

extension BuildOptions {
    /// The gauge bands: the configured `alerts:` thresholds (for every service together) where
    /// set, the standard ones elsewhere.
    var gaugeThresholds: PerformanceThresholds {
        var t = PerformanceThresholds.standard
        if let v = alerts.successRate?.warn { t.successRateWarning = v }
        if let v = alerts.successRate?.critical { t.successRateCritical = v }
        if let v = alerts.p95ProcessingTimeMs?.warn { t.p95WarningMs = v }
        if let v = alerts.p95ProcessingTimeMs?.critical { t.p95CriticalMs = v }
        if let v = alerts.errorRate?.warn { t.errorRateWarning = v }
        if let v = alerts.errorRate?.critical { t.errorRateCritical = v }
        return t
    }
}
