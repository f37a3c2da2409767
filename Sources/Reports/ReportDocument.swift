public import Model

/// A report as published: `{"metadata": {...}, "data": {...}}` (SPEC §4).
public struct ReportDocument: Sendable, Encodable {
    public var metadata: ReportMetadata
    public var data: ReportData

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metadata, forKey: .metadata)
        switch data {
        case .processingPerformance(let report): try container.encode(report, forKey: .data)
        case .businessIntelligence(let report): try container.encode(report, forKey: .data)
        case .errorAnalysis(let report): try container.encode(report, forKey: .data)
        case .userActivity(let report): try container.encode(report, forKey: .data)
        }
    }

    enum CodingKeys: String, CodingKey { case metadata, data }

    /// Rows of the per-user lists (user_activity's `user_activity` and `users`; 0 for the other
    /// types): what sets the size of a document, about 60 bytes of JSON each.
    public var perUserRows: Int {
        guard case .userActivity(let report) = data else { return 0 }
        return report.userActivity.count + report.users.count
    }
}

/// One of the four typed report models.
public enum ReportData: Sendable {
    case processingPerformance(ProcessingPerformanceReport)
    case businessIntelligence(BusinessIntelligenceReport)
    case errorAnalysis(ErrorAnalysisReport)
    case userActivity(UserActivityReport)
}

/// What, when and how a report was computed.
public struct ReportMetadata: Sendable, Codable, Hashable {
    public var reportType: String
    public var timeRange: String
    public var period: Period
    public var asOf: String
    public var timeZone: String
    public var filters: ReportFilters
    public var generatedAt: String
    /// Set when the report reads before the instant raw events were pruned from (`db prune`):
    /// there its figures come from the rollups (whole hours, and whole days for per-user
    /// figures), and filtered figures count only the events kept. Absent otherwise.
    public var rawEventsSince: String?

    enum CodingKeys: String, CodingKey {
        case reportType = "report_type"
        case timeRange = "time_range"
        case period
        case asOf = "as_of"
        case timeZone = "time_zone"
        case filters
        case generatedAt = "generated_at"
        case rawEventsSince = "raw_events_since"
    }
}

/// `{start, end}` of a window, ISO-8601 UTC.
public struct Period: Sendable, Codable, Hashable {
    public var start: String
    public var end: String

    public init(_ window: TimeWindow) {
        start = Timestamp.iso8601(window.start)
        end = Timestamp.iso8601(window.end)
    }
}
