/// The four reports, by the original service's slugs.
public enum ReportType: String, Sendable, Hashable, Codable, CaseIterable {
    case processingPerformance = "processing_performance"
    case businessIntelligence = "business_intelligence"
    case errorAnalysis = "error_analysis"
    case userActivity = "user_activity"

    /// Parses a slug; the error lists the valid ones.
    public static func parse(_ text: String) throws(ReportRequestError) -> ReportType {
        guard let type = ReportType(rawValue: text) else {
            throw ReportRequestError(
                field: "report_type",
                message: "unknown report type \"\(text)\" (valid: \(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return type
    }

    /// A human title ("Processing performance").
    public var title: String {
        switch self {
        case .processingPerformance: "Processing performance"
        case .businessIntelligence: "Business intelligence"
        case .errorAnalysis: "Error analysis"
        case .userActivity: "User activity"
        }
    }
}

/// A report request that cannot be served: which field and why.
public struct ReportRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
