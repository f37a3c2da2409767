import Charts
import Documents
import Exports
import Foundation
import Hummingbird
import Model
import NIOCore
import Reports
import Store

/// The original service's read endpoints, computed by the same Reports, Exports, Charts and
/// Documents code as the published site (no second implementation), cached per (endpoint,
/// parameters, data watermark).
struct ReadHandlers: Sendable {
    let engine: ReportEngine
    let watermark: DataWatermark
    let cache: ReadCache
    let worker: ReadWorker
    let siteTitle: String

    /// Per-user rows above which an answer is spooled to a file (``SpooledFile``) rather than
    /// built in memory: about 1.2 MB of JSON.
    static let spoolRows = 20_000

    /// The visualizations and the report each is drawn from (the original's four plus the
    /// user-activity heatmap).
    static let charts: [String: ReportType] = [
        "processing_timeline": .processingPerformance, "performance_metrics": .processingPerformance,
        "device_distribution": .businessIntelligence, "error_analysis": .errorAnalysis, "peak_usage": .userActivity,
    ]
    static let chartNames = charts.keys.sorted()

    static let exportFormats = ["csv", "excel", "xlsx", "json", "pdf"]

    // MARK: endpoints

    /// `GET /api/analytics/metrics/processing`: the processing report's `data` at the top level.
    func processing(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let parameters = try ReadParameters.query(request, defaultRange: "7d")
        return try await answer("processing|" + parameters.key) {
            let document = try generate(.processingPerformance, parameters)
            guard case .processingPerformance(let report) = document.data else { fatalError("type and data always match") }
            return try Self.json(report)
        }
    }

    /// `GET /api/analytics/metrics/business`: the business report's `data` over all time (or
    /// `time_range` when given).
    func business(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let parameters = try ReadParameters.query(request, defaultRange: "all")
        return try await answer("business|" + parameters.key) {
            let document = try generate(.businessIntelligence, parameters)
            guard case .businessIntelligence(let report) = document.data else { fatalError("type and data always match") }
            return try Self.json(report)
        }
    }

    /// `GET /api/analytics/summary`: the original's `summary` figures plus the processing,
    /// business and error reports' data (the same type the site's static mirror writes).
    func summary(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let parameters = try ReadParameters.query(request, defaultRange: "7d")
        return try await answer("summary|" + parameters.key) {
            let now = Clock.nowMilliseconds()
            let summary = try APISummary.make(
                engine: engine, asOf: parameters.instant(now: now), range: parameters.rangeName, generatedAt: now)
            return try Self.json(summary)
        }
    }

    /// `POST /api/analytics/reports/generate`: `{"success": true, "data": …, "metadata": …}`;
    /// a `format` other than `json` answers the export file instead.
    func generate(_ request: Request, context: IngestRequestContext) async throws -> Response {
        _ = try BodyFormat.of(request, allowNDJSON: false)
        let body = try await RequestBodyReader.read(request, context: context, limit: 1 << 20)
        let analytics = try BodyDecoder.decode(AnalyticsRequestBody.self, from: Data(body.readableBytesView))
        let type = try Self.reportType(analytics.reportType)
        let parameters = try analytics.readParameters()
        let format = (analytics.format ?? "json").lowercased()
        if format != "json" {
            return try await export(type, parameters: parameters, format: format, formatField: "format")
        }
        return try await answer("generate|\(type.rawValue)|" + parameters.key) {
            let document = try generate(type, parameters)
            // {"data":…,"metadata":…} (sorted keys) → {"success":true,"data":…,"metadata":…}
            let success = #"{"success":true,"#
            if document.perUserRows > Self.spoolRows {
                let file = try SpooledFile(head: ByteBuffer(string: success), start: 1) { try document.writeJSON(to: $0) }
                return CachedAnswer(contentType: "application/json", body: .file(file))
            }
            var bytes = try document.json()
            bytes.replaceSubrange(0..<1, with: Data(success.utf8))
            return CachedAnswer(contentType: "application/json", body: ByteBuffer(bytes: bytes))
        }
    }

    /// `GET /api/analytics/reports/{report_type}/export?format=csv|excel|xlsx|json|pdf`.
    func export(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let type = try Self.reportType(context.parameters.get("report_type") ?? "")
        let parameters = try ReadParameters.query(request, defaultRange: "7d")
        let format = (request.uri.queryParameters.get("format") ?? "json").lowercased()
        return try await export(type, parameters: parameters, format: format, formatField: "format")
    }

    /// `GET /api/analytics/visualizations/{chart_type}`: `{"html": "<figure>…inline SVG…</figure>"}`,
    /// or with `format=svg|png|pdf` the image itself.
    func visualization(_ request: Request, context: IngestRequestContext) async throws -> Response {
        let name = context.parameters.get("chart_type") ?? ""
        guard let type = Self.charts[name] else {
            throw IngestError(
                .badRequest, "unknown chart type \"\(name)\" (valid: \(Self.chartNames.joined(separator: ", ")))",
                field: "chart_type")
        }
        let parameters = try ReadParameters.query(request, defaultRange: "7d")
        let formatName = request.uri.queryParameters.get("format").flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let format: ChartFormat?
        if let formatName {
            guard let parsed = ChartFormat(rawValue: formatName) else {
                throw IngestError(.unprocessableContent, "unknown format \"\(formatName)\" (valid: svg, png, pdf)", field: "format")
            }
            format = parsed
        } else {
            format = nil
        }
        return try await answer("chart|\(name)|\(formatName ?? "html")|" + parameters.key) {
            let document = try generate(type, parameters)
            let charts = ReportCharts.charts(for: document, calendar: engine.settings.calendar, hourly: parameters.range.isHourly)
            guard let chart = charts.first(where: { $0.name == name }) else {
                throw IngestError(.internalServerError, "the \(type.rawValue) report draws no \(name) chart")
            }
            let renderer = ChartRenderer()
            if let format {
                let data = try renderer.render(chart, as: format)
                return CachedAnswer(
                    contentType: format.mediaType,
                    disposition: "inline; filename=\"\(name)-\(parameters.rangeName).\(format.fileExtension)\"",
                    body: ByteBuffer(bytes: data))
            }
            let svg = String(decoding: try renderer.render(chart, as: .svg), as: UTF8.self)
            let html = Self.figure(chart, svg: svg, caption: ReportCharts.caption(for: chart, timeZone: engine.settings.calendar.identifier))
            return CachedAnswer(contentType: "application/json", body: ByteBuffer(string: "{\"html\":" + JSONObjectWriter.quote(html) + "}"))
        }
    }

    // MARK: shared

    func export(_ type: ReportType, parameters: ReadParameters, format: String, formatField: String) async throws -> Response {
        guard Self.exportFormats.contains(format) else {
            throw IngestError(
                .unprocessableContent, "unknown format \"\(format)\" (valid: \(Self.exportFormats.joined(separator: ", ")))",
                field: formatField)
        }
        return try await answer("export|\(type.rawValue)|\(format)|" + parameters.key) {
            let document = try generate(type, parameters)
            let base = "\(type.rawValue)-\(parameters.rangeName)"
            // A long per-user list is written to a file and streamed from there (``SpooledFile``).
            let spool = document.perUserRows > Self.spoolRows
            let contentType: String
            let fileExtension: String
            let body: CachedAnswer.Body
            switch format {
            case "csv":
                contentType = "text/csv; charset=utf-8"
                fileExtension = "csv"
                body = spool
                    ? .file(try SpooledFile { try CSVWriter.write(document.tables, toFile: $0.path) })
                    : .bytes(ByteBuffer(bytes: CSVWriter.data(document.tables)))
            case "excel", "xlsx":
                contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                fileExtension = "xlsx"
                let file = try SpooledFile { try Self.xlsx(document, title: "\(type.title) · \(parameters.rangeName)", to: $0) }
                body = spool ? .file(file) : .bytes(try file.bytes())
            case "pdf":
                contentType = "application/pdf"
                fileExtension = "pdf"
                body = .bytes(ByteBuffer(bytes: try ReportPDF.render(document, options: PDFOptions(siteTitle: siteTitle))))
            default:
                contentType = "application/json"
                fileExtension = "json"
                body = spool
                    ? .file(try SpooledFile { try document.writeJSON(pretty: true, to: $0) })
                    : .bytes(ByteBuffer(bytes: try document.json(pretty: true)))
            }
            return CachedAnswer(contentType: contentType, disposition: "attachment; filename=\"\(base).\(fileExtension)\"", body: body)
        }
    }

    /// The cached answer for `key` at the current data watermark, or a fresh one.
    /// Computed on the read thread (``ReadWorker``), never on the cooperative pool.
    func answer(_ key: String, compute: @escaping @Sendable () throws -> CachedAnswer) async throws -> Response {
        let mark = try await watermark.current()
        if let cached = cache.lookup(key, watermark: mark) { return cached.response }
        let answer = try await worker.run(compute)
        cache.store(key, watermark: mark, answer: answer)
        return answer.response
    }

    func generate(_ type: ReportType, _ parameters: ReadParameters) throws -> ReportDocument {
        let now = Clock.nowMilliseconds()
        var request = ReportRequest(type: type, range: parameters.range, asOf: parameters.instant(now: now), filters: parameters.filters)
        if case .explicit(_, let to) = parameters.range, parameters.asOf == nil { request.asOf = to }
        return try engine.generate(request, generatedAt: now)
    }

    /// 400 listing the valid types (the original answered 500).
    static func reportType(_ text: String) throws(IngestError) -> ReportType {
        do {
            return try ReportType.parse(text)
        } catch {
            throw IngestError(.badRequest, error.message, field: "report_type")
        }
    }

    static func json(_ value: some Encodable) throws -> CachedAnswer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return CachedAnswer(contentType: "application/json", body: ByteBuffer(bytes: try encoder.encode(value)))
    }

    static func xlsx(_ document: ReportDocument, title: String, to url: URL) throws {
        let createdAt = (Timestamp.parse(document.metadata.asOf) ?? Clock.nowMilliseconds()) / 1000
        try XLSXWriter.write(document.tables, to: url.path, title: title, createdAt: createdAt)
    }

    /// An HTML fragment: the inline SVG, its caption, and its numbers in a table (alt text on
    /// the figure for screen readers).
    static func figure(_ chart: ChartDescription, svg: String, caption: String) -> String {
        var inline = svg
        if let start = inline.range(of: "<svg") { inline = String(inline[start.lowerBound...]) }
        var html = "<figure class=\"espice-chart\" data-chart=\"\(HTMLText.escape(chart.name))\" aria-label=\"\(HTMLText.escape(chart.altText))\">"
        html += inline
        html += "<figcaption>" + HTMLText.escape(caption) + "</figcaption>"
        let table = chart.dataTable
        if !table.rows.isEmpty {
            html += "<table><caption>" + HTMLText.escape(table.caption) + "</caption><thead><tr>"
            for column in table.columns { html += "<th scope=\"col\">" + HTMLText.escape(column) + "</th>" }
            html += "</tr></thead><tbody>"
            for row in table.rows {
                html += "<tr>" + row.map { "<td>" + HTMLText.escape($0) + "</td>" }.joined() + "</tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</figure>"
    }
}
