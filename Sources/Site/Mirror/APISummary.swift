internal import Model
internal import Reports
internal import Store

/// `GET /api/analytics/summary` as the original answered it: a `summary` object with the
/// headline figures, plus the processing, business and error reports' data.
struct APISummary: Encodable {
    struct Figures: Encodable {
        var totalProcessed: Int64
        var successRate: Double?
        var totalModels: Int64
        var totalErrors: Int64
        var activeUsers: Int

        enum CodingKeys: String, CodingKey {
            case totalProcessed = "total_processed", successRate = "success_rate", totalModels = "total_models"
            case totalErrors = "total_errors", activeUsers = "active_users"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(totalProcessed, forKey: .totalProcessed)
            try c.encode(successRate, forKey: .successRate)
            try c.encode(totalModels, forKey: .totalModels)
            try c.encode(totalErrors, forKey: .totalErrors)
            try c.encode(activeUsers, forKey: .activeUsers)
        }
    }

    var summary: Figures
    var processing: ProcessingPerformanceReport
    var business: BusinessIntelligenceReport
    var errors: ErrorAnalysisReport
    var timeRange: String
    var generatedAt: String

    enum CodingKeys: String, CodingKey {
        case summary, processing, business, errors, timeRange = "time_range", generatedAt = "generated_at"
    }

    static func make(engine: ReportEngine, asOf: Int64, range: String, generatedAt: Int64) throws -> APISummary {
        let timeRange = try TimeRange.parse(range)
        func data(_ type: ReportType) throws -> ReportData {
            try engine.generate(ReportRequest(type: type, range: timeRange, asOf: asOf), generatedAt: generatedAt).data
        }
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
