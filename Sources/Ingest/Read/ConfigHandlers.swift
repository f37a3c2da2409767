import Foundation
import Hummingbird
import Model
import NIOCore
import Reports
import Store

/// `GET/POST /api/analytics/dashboards`, `GET /api/analytics/reports`, `POST /api/analytics/reports/save`:
/// the original's dashboard and saved-report JSON, validated by the same
/// ``MetricCatalog`` as `espice-analytics dashboards add`, stored where `build` reads it.
struct ConfigHandlers: Sendable {
    let store: AnalyticsStore

    static let maxBody = 1 << 20

    func listDashboards(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let stored = try store.dashboards()
        return JSONResponse.make(.ok, "{\"dashboards\":[" + stored.map(Self.item).joined(separator: ",") + "]}")
    }

    func createDashboard(_ request: Request, context: IngestRequestContext) async throws -> Response {
        _ = try BodyFormat.of(request, allowNDJSON: false)
        let body = Data(try await RequestBodyReader.read(request, context: context, limit: Self.maxBody).readableBytesView)
        let dashboard = try BodyDecoder.decode(DashboardConfig.self, from: body)
        do {
            try MetricCatalog.validate(dashboard)
        } catch {
            throw IngestError(.unprocessableContent, error.message, field: error.field)
        }
        let json = try Self.encode(dashboard)
        try store.saveDashboard(name: dashboard.name, slug: dashboard.slug, json: json)
        return JSONResponse.make(
            .ok,
            "{\"success\":true,\"message\":\"Dashboard saved successfully\",\"name\":" + JSONObjectWriter.quote(dashboard.name)
                + ",\"slug\":" + JSONObjectWriter.quote(dashboard.slug) + "}")
    }

    /// `GET /api/analytics/reports`: the saved reports, as `{"reports": [...]}`.
    func listSavedReports(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let stored = try store.savedReports()
        return JSONResponse.make(.ok, "{\"reports\":[" + stored.map(Self.item).joined(separator: ",") + "]}")
    }

    /// `POST /api/analytics/reports/save`: the original's saved-report body, validated by the
    /// same ``SavedReportConfig/validate()`` as `espice-analytics reports save`.
    func saveReport(_ request: Request, context: IngestRequestContext) async throws -> Response {
        _ = try BodyFormat.of(request, allowNDJSON: false)
        let body = Data(try await RequestBodyReader.read(request, context: context, limit: Self.maxBody).readableBytesView)
        let report = try BodyDecoder.decode(SavedReportConfig.self, from: body)
        do {
            try report.validate()
        } catch {
            throw IngestError(.unprocessableContent, error.message, field: error.field)
        }
        let json = try Self.encode(report)
        try store.saveSavedReport(
            name: report.name, slug: report.slug, reportType: report.reportType, schedule: report.schedule, json: json)
        return JSONResponse.make(
            .ok,
            "{\"success\":true,\"message\":\"Report saved successfully\",\"name\":" + JSONObjectWriter.quote(report.name)
                + ",\"slug\":" + JSONObjectWriter.quote(report.slug) + "}")
    }

    /// `{"name", "slug", "updated_at", "config": {…the original's JSON…}}`.
    static func item(_ config: StoredConfig) -> String {
        "{\"name\":" + JSONObjectWriter.quote(config.name) + ",\"slug\":" + JSONObjectWriter.quote(config.slug)
            + ",\"updated_at\":" + JSONObjectWriter.quote(Timestamp.iso8601(config.updatedAt)) + ",\"config\":" + config.json + "}"
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
