import Foundation
import Hummingbird
import Model

/// The parameters every read endpoint shares, parsed and checked (422 naming the field).
struct ReadParameters: Sendable {
    var range: TimeRange
    var rangeName: String
    /// Explicit `as_of`, epoch ms; nil = now.
    var asOf: Int64?
    var filters = ReportFilters()

    /// A cache-key fragment: everything that changes the answer.
    var key: String {
        var text = rangeName + "|" + (asOf.map { String($0) } ?? "now")
        if case .explicit(let from, let to) = range { text += "|\(from)-\(to)" }
        if !filters.isEmpty { text += "|" + Self.describe(filters) }
        return text
    }

    /// The instant the report is computed at.
    func instant(now: Int64) -> Int64 { asOf ?? now }

    static func describe(_ filters: ReportFilters) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(filters), as: UTF8.self)) ?? ""
    }

    /// `time_range` (default `defaultRange`) and `as_of` from the query string (checked by
    /// ``RangeRequest``, which the fuzz target `read-parameters` exercises).
    static func query(_ request: Request, defaultRange: String) throws(IngestError) -> ReadParameters {
        let query = request.uri.queryParameters
        let rangeName = query.get("time_range").flatMap { $0.isEmpty ? nil : $0 } ?? defaultRange
        return try make(rangeName: rangeName, asOf: query.get("as_of"))
    }

    static func make(rangeName: String, asOf: String?, from: String? = nil, to: String? = nil, fieldPrefix: String = "")
        throws(IngestError) -> ReadParameters
    {
        do {
            let parsed = try RangeRequest.parse(rangeName: rangeName, asOf: asOf, from: from, to: to, fieldPrefix: fieldPrefix)
            return ReadParameters(range: parsed.range, rangeName: parsed.name, asOf: parsed.asOf)
        } catch {
            throw IngestError(.unprocessableContent, error.message, field: error.field)
        }
    }
}

/// The original's `AnalyticsRequest` body of `POST /api/analytics/reports/generate`:
/// `report_type`, `parameters` (`time_range`, `filters`, `as_of`, `from`/`to`; other keys are
/// accepted and ignored, as `include_errors`), `filters`, `time_range`, `format`, `as_of`.
struct AnalyticsRequestBody: Decodable, Sendable {
    var reportType: String
    var parameters: Parameters?
    var filters: ReportFilters?
    var timeRange: String?
    var format: String?
    var asOf: String?

    struct Parameters: Decodable, Sendable {
        var timeRange: String?
        var filters: ReportFilters?
        var asOf: String?
        var from: String?
        var to: String?

        enum CodingKeys: String, CodingKey {
            case filters, from, to
            case timeRange = "time_range"
            case asOf = "as_of"
        }
    }

    enum CodingKeys: String, CodingKey {
        case parameters, filters, format
        case reportType = "report_type"
        case timeRange = "time_range"
        case asOf = "as_of"
    }

    /// The read parameters: `parameters` wins over the top-level keys; filters of both apply.
    func readParameters() throws(IngestError) -> ReadParameters {
        let rangeName = parameters?.timeRange ?? timeRange ?? "7d"
        var read = try ReadParameters.make(
            rangeName: rangeName, asOf: parameters?.asOf ?? asOf, from: parameters?.from, to: parameters?.to,
            fieldPrefix: parameters?.timeRange != nil || parameters?.from != nil || parameters?.to != nil ? "parameters." : "")
        var merged = filters ?? ReportFilters()
        if let inner = parameters?.filters {
            merged.serviceName = merged.serviceName.map { $0 + (inner.serviceName ?? []) } ?? inner.serviceName
            merged.userId = merged.userId.map { $0 + (inner.userId ?? []) } ?? inner.userId
            merged.deviceType = merged.deviceType.map { $0 + (inner.deviceType ?? []) } ?? inner.deviceType
            merged.eventType = merged.eventType.map { $0 + (inner.eventType ?? []) } ?? inner.eventType
        }
        read.filters = merged
        return read
    }
}

/// Decodes a JSON body: 400 when it is not JSON, 422 naming the field that breaks the shape.
enum BodyDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(IngestError) -> T {
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw IngestError(.badRequest, "the body is not valid JSON")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw IngestError(.unprocessableContent, "\(error)")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    static func describe(_ error: DecodingError) -> IngestError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return IngestError(.unprocessableContent, "field required", field: field)
        case .typeMismatch(let type, let context):
            return IngestError(.unprocessableContent, "expected \(typeName(type))", field: path(context.codingPath))
        case .valueNotFound(let type, let context):
            return IngestError(.unprocessableContent, "expected \(typeName(type)), got null", field: path(context.codingPath))
        case .dataCorrupted(let context):
            return IngestError(.unprocessableContent, context.debugDescription, field: path(context.codingPath))
        @unknown default:
            return IngestError(.unprocessableContent, "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default: "\(type)".contains("Array") ? "a list" : "an object"
        }
    }
}
