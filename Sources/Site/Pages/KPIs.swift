internal import Reports

/// The headline tiles of each report.
enum KPIs {
    /// One tile; `current` tells whether the current period has the figure at all (else a
    /// missing change reads "no data" rather than "no previous data").
    static func tile(
        _ label: String, _ value: String, change: Double? = nil, current: Bool = true, goodWhenUp: Bool = true, showChange: Bool = false
    ) -> KPIView {
        let delta = DisplayFormat.change(change, current: current)
        return KPIView(
            label: label, value: value, change: delta.text, direction: delta.direction, goodWhenUp: goodWhenUp,
            hasChange: showChange)
    }

    static func processing(_ r: ProcessingPerformanceReport) -> [KPIView] {
        let hasData = !r.serviceBreakdown.isEmpty  // every event of the period counts in one service row
        return [
            tile("Documents processed", DisplayFormat.integer(r.totalProcessed), change: r.changePct.totalProcessed, current: hasData, showChange: true),
            tile("Success rate", DisplayFormat.decimal(r.successRate, unit: r.successRate == nil ? "" : "%"), change: r.changePct.successRate,
                 current: r.successRate != nil, showChange: true),
            tile("Avg processing time", DisplayFormat.decimal(r.processingTime.mean, unit: r.processingTime.mean == nil ? "" : " ms"),
                 change: r.changePct.avgProcessingTime, current: r.processingTime.mean != nil, goodWhenUp: false, showChange: true),
            tile("p95 processing time", DisplayFormat.decimal(r.processingTime.p95, unit: r.processingTime.p95 == nil ? "" : " ms"),
                 change: r.changePct.p95ProcessingTime, current: r.processingTime.p95 != nil, goodWhenUp: false, showChange: true),
            tile("Errors", DisplayFormat.integer(r.totalErrors), change: r.changePct.totalErrors, current: hasData, goodWhenUp: false, showChange: true),
        ]
    }

    static func business(_ r: BusinessIntelligenceReport) -> [KPIView] {
        [
            tile("Models generated", DisplayFormat.integer(r.totalModelsGenerated)),
            tile("Top device type", r.deviceTypes.first.map { $0.deviceType ?? "unknown" } ?? "—"),
            tile("Avg parameters extracted", DisplayFormat.decimal(r.parametersExtracted.mean)),
        ]
    }

    static func errors(_ r: ErrorAnalysisReport) -> [KPIView] {
        [
            tile("Errors", DisplayFormat.integer(r.totalErrors)),
            tile("Most common", r.mostCommonError.map { "\($0.errorType ?? "untyped") · \($0.service ?? "unattributed")" } ?? "—"),
            tile("Root causes found", DisplayFormat.integer(Int64(r.rootCauses.count))),
        ]
    }

    static func users(_ r: UserActivityReport) -> [KPIView] {
        [
            tile("Active users", DisplayFormat.integer(Int64(r.activeUsers))),
            tile("Activities", DisplayFormat.integer(r.totalActivities)),
            tile("New users", DisplayFormat.integer(Int64(r.newUsers))),
            tile("Peak", r.peakUsage.peak.map { "\($0.weekdayName) \($0.hour):00" } ?? "—"),
        ]
    }
}
