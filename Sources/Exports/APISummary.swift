public import Model
public import Reports

/// `GET /api/analytics/summary` as the original answered it: a `summary` object with the
/// headline figures, plus the processing, business and error reports' data. One type for the
/// site's static mirror (`api/analytics/summary.json`) and the daemon's live endpoint.
public struct APISummary: Encodable, Sendable {
    public struct Figures: Encodable, Sendable {
        public var totalProcessed: Int64
        public var successRate: Double?
        public var totalModels: Int64
        public var totalErrors: Int64
        public var activeUsers: Int

        enum CodingKeys: String, CodingKey {
            case totalProcessed = "total_processed", successRate = "success_rate", totalModels = "total_models"
            case totalErrors = "total_errors", activeUsers = "active_users"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(totalProcessed, forKey: .totalProcessed)
            try c.encode(successRate, forKey: .successRate)
            try c.encode(totalModels, forKey: .totalModels)
            try c.encode(totalErrors, forKey: .totalErrors)
            try c.encode(activeUsers, forKey: .activeUsers)
        }
    }

    public var summary: Figures
    public var processing: ProcessingPerformanceReport
    public var business: BusinessIntelligenceReport
    public var errors: ErrorAnalysisReport
    public var timeRange: String
    public var generatedAt: String

    enum CodingKeys: String, CodingKey {
        case summary, processing, business, errors, timeRange = "time_range", generatedAt = "generated_at"
    }

    /// The summary over `range` at `asOf`, from the four reports (which share window aggregates).
    /// Call `engine.refresh()` first.
    public static func make(engine: ReportEngine, asOf: Int64, range: String, generatedAt: Int64) throws -> APISummary {
        let timeRange = try TimeRange.parse(range)
        let cache = ReportCache()
        return try make(range: range, generatedAt: generatedAt) { type in
            try engine.generate(ReportRequest(type: type, range: timeRange, asOf: asOf), generatedAt: generatedAt, cache: cache).data
        }
    }

    /// The summary from reports already computed (a build has them): `data` gives each type's.
    public static func make(range: String, generatedAt: Int64, _ data: (ReportType) throws -> ReportData) throws -> APISummary {
        guard case .processingPerformance(let processing) = try data(.processingPerformance),
            case .businessIntelligence(let business) = try data(.businessIntelligence),
            case .errorAnalysis(let errors) = try data(.errorAnalysis),
            case .userActivity(let users) = try data(.userActivity)
        else { fatalError("report types and data cases always match") }
        return APISummary(
            summary: Figures(
                totalProcessed: processing.totalProcessed, successRate: processing.successRate,
                totalModels: business.totalModelsGenerated, totalErrors: processing.totalErrors, activeUsers: users.activeUsers),
            processing: processing, business: business, errors: errors, timeRange: range,
            generatedAt: Timestamp.iso8601(generatedAt))
    }
}
