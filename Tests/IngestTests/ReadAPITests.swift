import Foundation
import Ingest
import Model
import Store
import Testing

/// A small hand-written fixture; every expected figure below is worked out by hand from it.
///
/// Inside the 7 days before `asOf`:
/// - 4 `document_processed` (pdf-service), processing_time_ms 100, 200, 300, 400; device types
///   GaN-HEMT, GaN-HEMT, SiC-MOSFET, SiC-MOSFET; users u1, u1, u2, u3
/// - 1 `processing_error` (pdf-service, error_type ocr_failure), user u2
/// - 3 `spice_model_generated` (model-service, advanced): GaN-HEMT, GaN-HEMT, SiC-MOSFET; user u1
/// 20 days before `asOf` (outside 7d, inside `all`): 1 `spice_model_generated` IGBT, user u4.
///
/// So over 7d: total_processed 4, total_errors 1, success_rate 4 / 5 = 80 %, avg 250 ms,
/// total_models 3, active_users 3 (u1, u2, u3), total_errors 1.
/// Over all time (business): total_models_generated 4; device_types GaN-HEMT 2 (50 %),
/// IGBT 1 (25 %), SiC-MOSFET 1 (25 %) — count descending, then name.
enum ReadFixture {
    static func events(asOf: Int64) -> String {
        let hour: Int64 = 3_600_000
        func at(_ hoursBefore: Int64) -> String { Timestamp.iso8601(asOf - hoursBefore * hour) }
        var lines: [String] = []
        let processed: [(Int, String, String)] = [(100, "GaN-HEMT", "u1"), (200, "GaN-HEMT", "u1"), (300, "SiC-MOSFET", "u2"), (400, "SiC-MOSFET", "u3")]
        for (index, item) in processed.enumerated() {
            lines.append(#"{"event_type":"document_processed","service_name":"pdf-service","user_id":"\#(item.2)","timestamp":"\#(at(Int64(10 + index)))","event_data":{"processing_time_ms":\#(item.0),"device_type":"\#(item.1)","file_size_mb":2.5}}"#)
        }
        lines.append(#"{"event_type":"processing_error","service_name":"pdf-service","user_id":"u2","timestamp":"\#(at(5))","event_data":{"error_type":"ocr_failure","error_message":"Text extraction failed"}}"#)
        for (index, device) in ["GaN-HEMT", "GaN-HEMT", "SiC-MOSFET"].enumerated() {
            lines.append(#"{"event_type":"spice_model_generated","service_name":"model-service","user_id":"u1","timestamp":"\#(at(Int64(20 + index)))","event_data":{"device_type":"\#(device)","model_complexity":"advanced","parameters_extracted":25}}"#)
        }
        lines.append(#"{"event_type":"spice_model_generated","service_name":"model-service","user_id":"u4","timestamp":"\#(at(20 * 24))","event_data":{"device_type":"IGBT","model_complexity":"basic","parameters_extracted":10}}"#)
        return "[" + lines.joined(separator: ",") + "]"
    }

    /// 2025-06-01T12:00:00Z.
    static let asOf = june1Noon
    static let asOfText = Timestamp.iso8601(june1Noon)

    static func start(asOf: Int64 = asOf, _ adjust: (inout IngestConfiguration) -> Void = { _ in }) async throws -> TestDaemon {
        let daemon = try await TestDaemon.start(adjust)
        let answer = try await daemon.client.post("/api/analytics/track/batch", events(asOf: asOf))
        #expect(answer.status == 200, "\(answer.text)")
        return daemon
    }
}

@Suite("the read API: the original's read endpoints, computed by the site's engine")
struct ReadAPITests {
    static let q = "as_of=" + ReadFixture.asOfText

    @Test("GET /metrics/processing: the processing report's data at the top level, hand-computed figures")
    func processing() async throws {
        let daemon = try await ReadFixture.start()
        let answer = try await daemon.client.get("/api/analytics/metrics/processing?time_range=7d&\(Self.q)")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "application/json")
        let json = answer.json
        #expect(json["total_processed"] as? Int == 4)
        #expect(json["total_errors"] as? Int == 1)
        #expect(json["success_rate"] as? Double == 80)
        #expect(json["avg_processing_time"] as? Double == 250)
        let timing = try #require(json["processing_time"] as? [String: Any])
        #expect(timing["count"] as? Int == 4)
        #expect(timing["max"] as? Double == 400)
        let services = try #require(json["service_breakdown"] as? [[String: Any]])
        #expect(services.count == 2)
        let pdf = try #require(services.first { $0["service_name"] as? String == "pdf-service" })
        #expect(pdf["requests"] as? Int == 5)
        #expect(pdf["processed"] as? Int == 4)
        #expect(pdf["errors"] as? Int == 1)
        #expect(json["time_series"] is [Any])
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["end"] as? String == ReadFixture.asOfText)
        #expect(json["metadata"] == nil && json["success"] == nil)
        // Default range is 7d: the same answer without time_range.
        let again = try await daemon.client.get("/api/analytics/metrics/processing?\(Self.q)")
        #expect(again.body == answer.body)
        try await daemon.stop()
    }

    @Test("GET /metrics/business: all time unless time_range is given")
    func business() async throws {
        let daemon = try await ReadFixture.start()
        let all = try await daemon.client.get("/api/analytics/metrics/business?\(Self.q)").json
        #expect(all["total_models_generated"] as? Int == 4)
        let devices = try #require(all["device_types"] as? [[String: Any]])
        #expect(devices.map { $0["device_type"] as? String } == ["GaN-HEMT", "IGBT", "SiC-MOSFET"])
        #expect(devices.map { $0["count"] as? Int } == [2, 1, 1])
        #expect(devices.map { $0["share"] as? Double } == [50, 25, 25])
        let week = try await daemon.client.get("/api/analytics/metrics/business?time_range=7d&\(Self.q)").json
        #expect(week["total_models_generated"] as? Int == 3)
        try await daemon.stop()
    }

    @Test("GET /summary: the original's summary object plus processing, business, errors, generated_at")
    func summary() async throws {
        let daemon = try await ReadFixture.start()
        let json = try await daemon.client.get("/api/analytics/summary?\(Self.q)").json
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["total_processed", "success_rate", "total_models", "total_errors", "active_users"])
        #expect(summary["total_processed"] as? Int == 4)
        #expect(summary["success_rate"] as? Double == 80)
        #expect(summary["total_models"] as? Int == 3)
        #expect(summary["total_errors"] as? Int == 1)
        #expect(summary["active_users"] as? Int == 3)
        #expect((json["processing"] as? [String: Any])?["total_processed"] as? Int == 4)
        #expect((json["business"] as? [String: Any])?["total_models_generated"] as? Int == 3)
        #expect((json["errors"] as? [String: Any])?["total_errors"] as? Int == 1)
        #expect(json["generated_at"] is String)
        try await daemon.stop()
    }

    @Test("POST /reports/generate: the original's AnalyticsRequest → success, data, metadata")
    func generate() async throws {
        let daemon = try await ReadFixture.start()
        let answer = try await daemon.client.post(
            "/api/analytics/reports/generate",
            #"{"report_type":"processing_performance","parameters":{"time_range":"7d","include_errors":true,"as_of":"\#(ReadFixture.asOfText)"},"format":"json"}"#)
        #expect(answer.status == 200, "\(answer.text)")
        let json = answer.json
        #expect(json["success"] as? Bool == true)
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["success_rate"] as? Double == 80)
        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect(metadata["report_type"] as? String == "processing_performance")
        #expect(metadata["time_range"] as? String == "7d")
        #expect(metadata["as_of"] as? String == ReadFixture.asOfText)
        // Filters narrow every figure: only u2's events (1 processed, 1 error).
        let filtered = try await daemon.client.post(
            "/api/analytics/reports/generate",
            #"{"report_type":"processing_performance","filters":{"user_id":"u2"},"time_range":"7d","as_of":"\#(ReadFixture.asOfText)"}"#).json
        let filteredData = try #require(filtered["data"] as? [String: Any])
        #expect(filteredData["total_processed"] as? Int == 1)
        #expect(filteredData["success_rate"] as? Double == 50)
        // user_activity over the same window.
        let users = try await daemon.client.post(
            "/api/analytics/reports/generate", #"{"report_type":"user_activity","parameters":{"time_range":"7d"},"as_of":"\#(ReadFixture.asOfText)"}"#).json
        #expect((users["data"] as? [String: Any])?["active_users"] as? Int == 3)
        try await daemon.stop()
    }

    @Test("unknown report or chart type → 400 listing the valid ones; bad parameters → 422 naming the field")
    func errors() async throws {
        let daemon = try await TestDaemon.start()
        let report = try await daemon.client.post("/api/analytics/reports/generate", #"{"report_type":"nope"}"#)
        #expect(report.status == 400)
        #expect(report.json["field"] as? String == "report_type")
        let detail = try #require(report.json["detail"] as? String)
        for valid in ["processing_performance", "business_intelligence", "error_analysis", "user_activity"] {
            #expect(detail.contains(valid))
        }
        let export = try await daemon.client.get("/api/analytics/reports/nope/export?format=csv")
        #expect(export.status == 400)
        let chart = try await daemon.client.get("/api/analytics/visualizations/nope")
        #expect(chart.status == 400)
        let chartDetail = try #require(chart.json["detail"] as? String)
        for valid in ["processing_timeline", "error_analysis", "device_distribution", "performance_metrics"] {
            #expect(chartDetail.contains(valid))
        }
        let missing = try await daemon.client.post("/api/analytics/reports/generate", #"{"parameters":{}}"#)
        #expect(missing.status == 422)
        #expect(missing.json["field"] as? String == "report_type")
        let range = try await daemon.client.get("/api/analytics/metrics/processing?time_range=2w")
        #expect(range.status == 422)
        #expect(range.json["field"] as? String == "time_range")
        let asOf = try await daemon.client.get("/api/analytics/summary?as_of=yesterday")
        #expect(asOf.status == 422)
        #expect(asOf.json["field"] as? String == "as_of")
        let format = try await daemon.client.get("/api/analytics/reports/processing_performance/export?format=doc")
        #expect(format.status == 422)
        #expect(format.json["field"] as? String == "format")
        let malformed = try await daemon.client.post("/api/analytics/reports/generate", "{not json")
        #expect(malformed.status == 400)
        try await daemon.stop()
    }

    @Test("export: CSV, Excel/XLSX, JSON and PDF with the right Content-Type and an attachment file name")
    func export() async throws {
        let daemon = try await ReadFixture.start()
        let base = "/api/analytics/reports/processing_performance/export?time_range=7d&\(Self.q)&format="
        let csv = try await daemon.client.get(base + "csv")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"processing_performance-7d.csv\"")
        #expect(csv.text.contains("summary,total_processed,4"))
        #expect(csv.text.contains("summary,total_errors,1"))
        for format in ["excel", "xlsx"] {
            let xlsx = try await daemon.client.get(base + format)
            #expect(xlsx.header("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(xlsx.header("Content-Disposition") == "attachment; filename=\"processing_performance-7d.xlsx\"")
            #expect(xlsx.body.prefix(2) == Data("PK".utf8))
        }
        let json = try await daemon.client.get(base + "json")
        #expect(json.header("Content-Type") == "application/json")
        #expect((json.json["data"] as? [String: Any])?["total_processed"] as? Int == 4)
        let pdf = try await daemon.client.get(base + "pdf")
        #expect(pdf.header("Content-Type") == "application/pdf")
        #expect(pdf.header("Content-Disposition") == "attachment; filename=\"processing_performance-7d.pdf\"")
        #expect(pdf.body.prefix(5) == Data("%PDF-".utf8))
        try await daemon.stop()
    }

    @Test("visualizations: {\"html\": <figure> with inline SVG}, and the image itself with format")
    func visualizations() async throws {
        let daemon = try await ReadFixture.start()
        for chart in ["processing_timeline", "error_analysis", "device_distribution", "performance_metrics", "peak_usage"] {
            let answer = try await daemon.client.get("/api/analytics/visualizations/\(chart)?time_range=7d&\(Self.q)")
            #expect(answer.status == 200, "\(chart)")
            let html = try #require(answer.json["html"] as? String)
            #expect(html.hasPrefix("<figure"))
            #expect(html.hasSuffix("</figure>"))
            #expect(html.contains("<svg"))
            #expect(!html.contains("<?xml"))
        }
        let devices = try #require(
            try await daemon.client.get("/api/analytics/visualizations/device_distribution?time_range=7d&\(Self.q)").json["html"] as? String)
        #expect(devices.contains("GaN-HEMT") && devices.contains("SiC-MOSFET"))
        let svg = try await daemon.client.get("/api/analytics/visualizations/processing_timeline?\(Self.q)&format=svg")
        #expect(svg.header("Content-Type") == "image/svg+xml")
        let png = try await daemon.client.get("/api/analytics/visualizations/processing_timeline?\(Self.q)&format=png")
        #expect(png.header("Content-Type") == "image/png")
        #expect(png.body.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        let pdf = try await daemon.client.get("/api/analytics/visualizations/performance_metrics?\(Self.q)&format=pdf")
        #expect(pdf.body.prefix(5) == Data("%PDF-".utf8))
        try await daemon.stop()
    }

    @Test("the cache answers repeats from memory, and a new event invalidates it at once")
    func cacheInvalidation() async throws {
        let daemon = try await ReadFixture.start()
        let path = "/api/analytics/summary?\(Self.q)"
        let first = try await daemon.client.get(path)
        try await Task.sleep(for: .milliseconds(5))
        let second = try await daemon.client.get(path)
        // Cached: the very same bytes, generated_at included.
        #expect(second.body == first.body)
        #expect((first.json["summary"] as? [String: Any])?["total_processed"] as? Int == 4)
        let tracked = try await daemon.client.track(
            #"{"event_type":"document_processed","service_name":"pdf-service","user_id":"u9","timestamp":"\#(Timestamp.iso8601(ReadFixture.asOf - 3_600_000))","event_data":{"processing_time_ms":500}}"#)
        #expect(tracked.status == 200)
        let third = try await daemon.client.get(path).json
        let summary = try #require(third["summary"] as? [String: Any])
        #expect(summary["total_processed"] as? Int == 5)
        #expect(summary["active_users"] as? Int == 4)
        // 5 / 6 × 100 = 83.33
        #expect(summary["success_rate"] as? Double == 83.33)
        try await daemon.stop()
    }

    @Test("CACHE_TTL 0 turns the cache off: every answer is computed anew")
    func cacheOff() async throws {
        let daemon = try await ReadFixture.start { $0.cacheTTL = 0 }
        let first = try await daemon.client.get("/api/analytics/summary").json
        try await Task.sleep(for: .milliseconds(5))
        let second = try await daemon.client.get("/api/analytics/summary").json
        #expect(first["generated_at"] as? String != second["generated_at"] as? String)
        try await daemon.stop()
    }

    @Test("dashboards: the README's Processing Overview is stored and listed; a bad one → 422 naming the field")
    func dashboards() async throws {
        let daemon = try await TestDaemon.start()
        let bad = try await daemon.client.post(
            "/api/analytics/dashboards",
            #"{"name":"Bad","widgets":[{"type":"metric","title":"x","metric":"total_processed"},{"type":"metric","title":"y","metric":"bogus"}]}"#)
        #expect(bad.status == 422)
        #expect(bad.json["field"] as? String == "widgets[1].metric")
        let missing = try await daemon.client.post("/api/analytics/dashboards", #"{"widgets":[]}"#)
        #expect(missing.status == 422)
        #expect(missing.json["field"] as? String == "name")
        let chart = try await daemon.client.post(
            "/api/analytics/dashboards", #"{"name":"C","widgets":[{"type":"chart","chart_type":"pie3d"}]}"#)
        #expect(chart.status == 422)
        #expect(chart.json["field"] as? String == "widgets[0].chart_type")
        #expect(try await daemon.client.get("/api/analytics/dashboards").json["dashboards"] as? [Any] != nil)
        #expect((try await daemon.client.get("/api/analytics/dashboards").json["dashboards"] as? [Any])?.isEmpty == true)
        let store = try AnalyticsStore(path: daemon.databasePath, logger: TestDaemon.logger)
        #expect(try store.dashboards().isEmpty)
        try await daemon.stop()
    }

    @Test("saved reports: the original's body is validated (422 naming the field), stored and listed")
    func savedReports() async throws {
        let daemon = try await TestDaemon.start()
        let good = try await daemon.client.post(
            "/api/analytics/reports/save",
            #"{"name":"Weekly processing","description":"ops","report_type":"processing_performance","parameters":{"time_range":"7d","filters":{"service_name":"pdf-service"}},"schedule":"@weekly","recipients":["ops@example.com"],"format":"pdf"}"#)
        #expect(good.status == 200, "\(good.text)")
        #expect(good.json["success"] as? Bool == true)
        #expect(good.json["slug"] as? String == "weekly-processing")
        let badType = try await daemon.client.post("/api/analytics/reports/save", #"{"name":"X","report_type":"sales"}"#)
        #expect(badType.status == 422)
        #expect(badType.json["field"] as? String == "report_type")
        let badRecipient = try await daemon.client.post(
            "/api/analytics/reports/save", #"{"name":"X","report_type":"error_analysis","schedule":"@daily","recipients":["ops@example.com","nobody"]}"#)
        #expect(badRecipient.status == 422)
        #expect(badRecipient.json["field"] as? String == "recipients[1]")
        let listed = try #require(try await daemon.client.get("/api/analytics/reports").json["reports"] as? [[String: Any]])
        #expect(listed.map { $0["name"] as? String } == ["Weekly processing"])
        let config = try #require(listed.first?["config"] as? [String: Any])
        #expect(config["report_type"] as? String == "processing_performance")
        #expect(config["schedule"] as? String == "@weekly")
        let store = try AnalyticsStore(path: daemon.databasePath, logger: TestDaemon.logger)
        #expect(try store.savedReports().map(\.slug) == ["weekly-processing"])
        try await daemon.stop()
    }

    @Test("the OpenAPI document is served, equals docs/openapi.json, and lists every route")
    func openAPI() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.get("/openapi.json")
        #expect(answer.status == 200)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(answer.text == text.trimmingCharacters(in: .newlines), "run scripts/embed-openapi.py after editing docs/openapi.json")
        let paths = try #require(answer.json["paths"] as? [String: Any])
        for path in [
            "/health", "/metrics", "/openapi.json", "/api/analytics/track", "/api/analytics/track/batch",
            "/api/analytics/metrics/processing", "/api/analytics/metrics/business", "/api/analytics/summary",
            "/api/analytics/reports/generate", "/api/analytics/reports/{report_type}/export",
            "/api/analytics/visualizations/{chart_type}", "/api/analytics/dashboards", "/api/analytics/reports",
            "/api/analytics/reports/save",
        ] {
            #expect(paths[path] != nil, "\(path)")
        }
        try await daemon.stop()
    }
}
