public import Reports

extension ReportDocument {
    /// The report as tables: `summary` (scalar figures as metric/value rows) first, then one
    /// table per list in `data`, named by its key.
    public var tables: [ReportTable] {
        switch data {
        case .processingPerformance(let report): ReportTables.processing(report)
        case .businessIntelligence(let report): ReportTables.business(report)
        case .errorAnalysis(let report): ReportTables.errors(report)
        case .userActivity(let report): ReportTables.users(report)
        }
    }
}

/// The table layout of each report.
enum ReportTables {
    typealias Cell = ReportTable.Cell

    static func summary(_ rows: [(String, Cell)]) -> ReportTable {
        ReportTable(name: "summary", columns: ["metric", "value"], rows: rows.map { [.text($0.0), $0.1] })
    }

    static func processing(_ r: ProcessingPerformanceReport) -> [ReportTable] {
        let t = r.processingTime
        let p = r.previousPeriod.figures
        return [
            summary([
                ("total_processed", Cell(r.totalProcessed)), ("total_errors", Cell(r.totalErrors)),
                ("success_rate", Cell(r.successRate)), ("avg_processing_time", Cell(r.avgProcessingTime)),
                ("processing_time.count", Cell(t.count)), ("processing_time.mean", Cell(t.mean)),
                ("processing_time.p50", Cell(t.p50)), ("processing_time.p90", Cell(t.p90)),
                ("processing_time.p95", Cell(t.p95)), ("processing_time.p99", Cell(t.p99)),
                ("processing_time.max", Cell(t.max)),
                ("previous_period.total_processed", Cell(p.totalProcessed)),
                ("previous_period.total_errors", Cell(p.totalErrors)),
                ("previous_period.success_rate", Cell(p.successRate)),
                ("previous_period.avg_processing_time", Cell(p.avgProcessingTime)),
                ("previous_period.p95_processing_time", Cell(p.p95ProcessingTime)),
                ("baseline.p95_processing_time", Cell(r.baseline.p95ProcessingTime)),
                ("baseline.breach", .text(r.baseline.breach ? "true" : "false")),
                ("period.start", .text(r.period.start)), ("period.end", .text(r.period.end)),
            ]),
            ReportTable(
                name: "service_breakdown",
                columns: ["service_name", "requests", "processed", "errors", "error_rate", "p95_processing_time"],
                rows: r.serviceBreakdown.map {
                    [Cell($0.serviceName), Cell($0.requests), Cell($0.processed), Cell($0.errors), Cell($0.errorRate), Cell($0.p95ProcessingTime)]
                }),
            ReportTable(
                name: "time_series", columns: ["date", "event_type", "count"],
                rows: r.timeSeries.map { [.text($0.date), .text($0.eventType), Cell($0.count)] }),
        ]
    }

    static func business(_ r: BusinessIntelligenceReport) -> [ReportTable] {
        [
            summary([
                ("total_models_generated", Cell(r.totalModelsGenerated)),
                ("parameters_extracted.mean", Cell(r.parametersExtracted.mean)),
                ("parameters_extracted.max", Cell(r.parametersExtracted.max)),
            ]),
            ReportTable(
                name: "device_types", columns: ["device_type", "count", "share"],
                rows: r.deviceTypes.map { [Cell($0.deviceType), Cell($0.count), Cell($0.share)] }),
            ReportTable(
                name: "model_complexity", columns: ["complexity", "count", "share"],
                rows: r.modelComplexity.map { [Cell($0.complexity), Cell($0.count), Cell($0.share)] }),
            ReportTable(
                name: "processed_by_device_type", columns: ["device_type", "count"],
                rows: r.processedByDeviceType.map { [Cell($0.deviceType), Cell($0.count)] }),
            ReportTable(
                name: "top_users", columns: ["user_id", "activity_count", "last_activity"],
                rows: r.topUsers.map { [.text($0.userId), Cell($0.activityCount), .text($0.lastActivity)] }),
            featureUsage(r.featureUsage),
            ReportTable(name: "models_timeline", columns: ["date", "count"], rows: r.modelsTimeline.map { [.text($0.date), Cell($0.count)] }),
        ]
    }

    static func errors(_ r: ErrorAnalysisReport) -> [ReportTable] {
        [
            summary([
                ("total_errors", Cell(r.totalErrors)), ("most_common_error.error_type", Cell(r.mostCommonError?.errorType)),
                ("most_common_error.service", Cell(r.mostCommonError?.service)),
                ("most_common_error.count", r.mostCommonError.map { Cell($0.count) } ?? .null),
            ]),
            ReportTable(
                name: "error_patterns", columns: ["error_type", "service", "count"],
                rows: r.errorPatterns.map { [Cell($0.errorType), Cell($0.service), Cell($0.count)] }),
            ReportTable(
                name: "error_timeline", columns: ["date", "error_count"],
                rows: r.errorTimeline.map { [.text($0.date), Cell($0.errorCount)] }),
            ReportTable(
                name: "error_rate_by_service", columns: ["service_name", "errors", "processed", "error_rate"],
                rows: r.errorRateByService.map { [Cell($0.serviceName), Cell($0.errors), Cell($0.processed), Cell($0.errorRate)] }),
            ReportTable(
                name: "root_causes", columns: ["dimension", "value", "attempts", "errors", "error_rate", "lift"],
                rows: r.rootCauses.map {
                    [.text($0.dimension), .text($0.value), Cell($0.attempts), Cell($0.errors), .number($0.errorRate), .number($0.lift)]
                }),
            ReportTable(name: "top_messages", columns: ["message", "count"], rows: r.topMessages.map { [.text($0.message), Cell($0.count)] }),
            ReportTable(name: "recommendations", columns: ["recommendation"], rows: r.recommendations.map { [.text($0)] }),
        ]
    }

    static func users(_ r: UserActivityReport) -> [ReportTable] {
        [
            summary([
                ("active_users", Cell(r.activeUsers)), ("total_activities", Cell(r.totalActivities)),
                ("new_users", Cell(r.newUsers)), ("returning_users", Cell(r.returningUsers)),
                ("segments.power", Cell(r.segments.power)), ("segments.regular", Cell(r.segments.regular)),
                ("segments.occasional", Cell(r.segments.occasional)),
                ("peak_usage.weekday", Cell(r.peakUsage.peak?.weekdayName)),
                ("peak_usage.hour", r.peakUsage.peak.map { Cell($0.hour) } ?? .null),
                ("peak_usage.count", r.peakUsage.peak.map { Cell($0.count) } ?? .null),
            ]),
            ReportTable(
                name: "users", columns: ["user_id", "activity_count", "first_seen", "last_seen"],
                rows: ReportRows(count: r.users.count) { index, cells in
                    let user = r.users[index]
                    cells.append(.text(user.userId))
                    cells.append(Cell(user.activityCount))
                    cells.append(.text(user.firstSeen))
                    cells.append(.text(user.lastSeen))
                }),
            ReportTable(
                name: "daily_active_users", columns: ["date", "active_users"],
                rows: r.dailyActiveUsers.map { [.text($0.date), Cell($0.activeUsers)] }),
            featureUsage(r.featureUsage),
            ReportTable(
                name: "peak_usage", columns: ["weekday"] + (0..<24).map { "h\($0 < 10 ? "0" : "")\($0)" },
                rows: r.peakUsage.matrix.enumerated().map { index, hours in
                    [.text(PeakUsageNames.weekdays[index])] + hours.map { Cell($0) }
                }),
            ReportTable(
                name: "user_activity", columns: ["user_id", "date", "activity_count"],
                rows: userDays(r.userActivity)),
        ]
    }

    /// The user_activity rows as codes: user and date numbers, and the count.
    static func userDays(_ list: UserDayList) -> ReportRows {
        ReportRows(coded: CodedRows(columns: [.text(list.userIds), .text(list.dateTexts), .integer], count: list.count) { range, body in
            let codes = UnsafeMutableBufferPointer<Int64>.allocate(capacity: 3)
            defer { codes.deallocate() }
            try list.forEachCode(in: range) { user, date, events in
                (codes[0], codes[1], codes[2]) = (Int64(user), Int64(date), events)
                try body(UnsafeBufferPointer(codes))
            }
        })
    }

    static func featureUsage(_ list: [FeatureUsage]) -> ReportTable {
        ReportTable(name: "feature_usage", columns: ["event_type", "usage_count"], rows: list.map { [.text($0.eventType), Cell($0.usageCount)] })
    }
}

enum PeakUsageNames {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
