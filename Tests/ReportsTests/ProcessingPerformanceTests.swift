import Foundation
import Model
import Reports
import Testing

/// Expected figures below are worked out by hand from the events listed in `events`.
@Suite("Processing performance report")
struct ProcessingPerformanceTests {
    /// Window for 7d at 2026-11-28T00:00Z: [11-21T00:00Z, 11-28T00:00Z).
    static let events: [TrackedEvent] = [
        ReportFixture.processed("2026-11-21T00:00:00Z", service: "pdf-service", ms: 100),  // on the start: in
        ReportFixture.processed("2026-11-22T10:30:00Z", service: "pdf-service", ms: 300),
        TrackedEvent(  // non-numeric processing time: counted, not timed
            eventType: "document_processed", eventData: #"{"processing_time_ms":"fast"}"#, serviceName: "ocr-service",
            timestamp: ReportFixture.time("2026-11-23T05:00:00Z")),
        ReportFixture.failed("2026-11-24T12:00:00Z", service: "ocr-service", type: "ocr_failure"),
        ReportFixture.processed("2026-11-27T23:59:59.999Z", service: nil, ms: 200),  // just before the end: in
        ReportFixture.processed("2026-11-28T00:00:00Z", service: "pdf-service", ms: 5000),  // on the end: out
        ReportFixture.other("page_view", "2026-11-25T08:00:00Z", service: "api-gateway", user: "u1"),
        // previous period [11-14, 11-21)
        ReportFixture.processed("2026-11-20T23:59:59Z", service: "pdf-service", ms: 400),
        ReportFixture.failed("2026-11-15T00:00:00Z", service: "pdf-service"),
    ]

    @Test("counts, success rate and timing follow the half-open window", arguments: Backend.allCases)
    func headlineFigures(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2026-11-28T00:00:00Z")
        #expect(data["total_processed"] as? Int == 4)
        #expect(data["total_errors"] as? Int == 1)
        #expect(data["success_rate"] as? Double == 80.0)
        #expect(data["avg_processing_time"] as? Double == 200.0)
        let timing = try #require(data["processing_time"] as? [String: Any])
        #expect(timing["count"] as? Int == 3)
        #expect(timing["mean"] as? Double == 200.0)
        #expect(timing["max"] as? Double == 300.0)
        #expect(close(timing["p50"], 200))  // nearest rank ⌈0.5·3⌉ = 2 → 200
        #expect(close(timing["p90"], 300))
        #expect(close(timing["p99"], 300))
    }

    @Test("services are ranked by requests, then name with null first", arguments: Backend.allCases)
    func serviceBreakdown(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2026-11-28T00:00:00Z")
        let rows = try #require(data["service_breakdown"] as? [[String: Any]])
        #expect(rows.map { $0["service_name"] as? String } == ["ocr-service", "pdf-service", nil, "api-gateway"])
        #expect(rows[0]["requests"] as? Int == 2 && rows[0]["processed"] as? Int == 1 && rows[0]["errors"] as? Int == 1)
        #expect(rows[0]["error_rate"] as? Double == 50.0)
        #expect(rows[0]["p95_processing_time"] is NSNull)
        #expect(close(rows[1]["p95_processing_time"], 300))
        #expect(rows[3]["error_rate"] is NSNull)  // no attempts
    }

    @Test("previous period and change_pct compare like for like", arguments: Backend.allCases)
    func previousPeriod(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2026-11-28T00:00:00Z")
        let previous = try #require(data["previous_period"] as? [String: Any])
        #expect(previous["total_processed"] as? Double == 1)
        #expect(previous["total_errors"] as? Double == 1)
        #expect(previous["success_rate"] as? Double == 50.0)
        #expect(previous["avg_processing_time"] as? Double == 400.0)
        let change = try #require(data["change_pct"] as? [String: Any])
        #expect(change["total_processed"] as? Double == 300.0)  // (4 − 1) / 1
        #expect(change["total_errors"] as? Double == 0.0)
        #expect(change["success_rate"] as? Double == 60.0)  // (80 − 50) / 50
        #expect(change["avg_processing_time"] as? Double == -50.0)  // (200 − 400) / 400
        let baseline = try #require(data["baseline"] as? [String: Any])
        #expect(close(baseline["p95_processing_time"], 400))
        #expect(baseline["breach"] as? Bool == false)
    }

    @Test("daily time series omits empty days and sorts by date", arguments: Backend.allCases)
    func timeSeries(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2026-11-28T00:00:00Z")
        let series = try #require(data["time_series"] as? [[String: Any]])
        let flat = series.map { "\($0["date"]!) \($0["event_type"]!) \($0["count"]!)" }
        #expect(flat == [
            "2026-11-21 document_processed 1", "2026-11-22 document_processed 1", "2026-11-23 document_processed 1",
            "2026-11-24 processing_error 1", "2026-11-25 page_view 1", "2026-11-27 document_processed 1",
        ])
    }

    @Test("a window ending mid-hour takes its edges from the raw events", arguments: Backend.allCases)
    func partialEdges(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        // [11-20T12:30Z, 11-27T12:30Z): 400 (11-20), 100, 300 and "fast" are in; 200 (11-27 23:59) is out.
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2026-11-27T12:30:00Z")
        #expect(data["total_processed"] as? Int == 4)
        #expect(data["total_errors"] as? Int == 1)
        let timing = try #require(data["processing_time"] as? [String: Any])
        #expect(timing["count"] as? Int == 3)
        #expect(timing["mean"] as? Double == 266.67)  // 800 / 3
        #expect(timing["max"] as? Double == 400.0)
    }

    @Test("an empty range gives nulls, not zeros", arguments: Backend.allCases)
    func emptyRange(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2020-01-01T00:00:00Z")
        #expect(data["total_processed"] as? Int == 0)
        #expect(data["success_rate"] is NSNull)
        #expect(data["avg_processing_time"] as? Double == 0)
        let timing = try #require(data["processing_time"] as? [String: Any])
        #expect(timing["mean"] is NSNull && timing["p95"] is NSNull && timing["max"] is NSNull)
        #expect((data["service_breakdown"] as? [Any])?.isEmpty == true)
    }

    @Test("a service filter applies before every figure", arguments: Backend.allCases)
    func filter(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        let data = try fixture.data(
            .processingPerformance, .days(7), asOf: "2026-11-28T00:00:00Z", filters: ReportFilters(serviceName: ["pdf-service"]))
        #expect(data["total_processed"] as? Int == 2)
        #expect(data["total_errors"] as? Int == 0)
        #expect(data["success_rate"] as? Double == 100.0)
        #expect(data["avg_processing_time"] as? Double == 200.0)  // (100 + 300) / 2
    }

    @Test("a current period without events has no change, not a drop of 100 %", arguments: Backend.allCases)
    func emptyCurrentPeriod(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add(Self.events)
        // [12-05, 12-12) is empty; the previous period [11-28, 12-05) holds the 5000 ms document.
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2026-12-12T00:00:00Z")
        let previous = try #require(data["previous_period"] as? [String: Any])
        #expect(previous["total_processed"] as? Double == 1)
        let change = try #require(data["change_pct"] as? [String: Any])
        for key in ["total_processed", "total_errors", "success_rate", "avg_processing_time", "p95_processing_time"] {
            #expect(change[key] is NSNull, "\(key)")
        }
    }

    @Test("an untimed current period compares counts but not the mean time", arguments: Backend.allCases)
    func untimedCurrentPeriod(backend: Backend) throws {
        let fixture = try ReportFixture(backend: backend)
        try fixture.add([
            ReportFixture.processed("2026-11-10T12:00:00Z", service: "pdf-service", ms: 400),  // previous: [11-07, 11-14)
            ReportFixture.processed("2026-11-15T12:00:00Z", service: "pdf-service", ms: nil),  // current: [11-14, 11-21)
        ])
        let data = try fixture.data(.processingPerformance, .days(7), asOf: "2026-11-21T00:00:00Z")
        #expect(data["avg_processing_time"] as? Double == 0)  // the original's placeholder
        let change = try #require(data["change_pct"] as? [String: Any])
        #expect(change["total_processed"] as? Double == 0.0)  // (1 − 1) / 1
        #expect(change["avg_processing_time"] is NSNull)  // not (0 − 400) / 400 = −100
    }
}
