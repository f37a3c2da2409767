import Foundation
import Ingest
import Model
import Testing

@Suite("GET /health and GET /metrics")
struct HealthAndMetricsTests {
    @Test("health has the original's fields plus database state, events stored, queue depth, uptime")
    func health() async throws {
        let daemon = try await TestDaemon.start { $0.version = "9.9.9" }
        _ = try await daemon.client.track(#"{"event_type":"a"}"#)
        _ = try await daemon.client.post("/api/analytics/track/batch", #"[{"event_type":"b"},{"event_type":"c"}]"#)
        let answer = try await daemon.client.get("/health")
        #expect(answer.status == 200)
        let json = answer.json
        #expect(json["status"] as? String == "healthy")
        #expect(json["service"] as? String == "data-analytics")
        #expect(json["version"] as? String == "9.9.9")
        let timestamp = try #require(json["timestamp"] as? String)
        let stamped = try #require(Timestamp.parse(timestamp))
        #expect(abs(stamped - Int64(Date().timeIntervalSince1970 * 1000)) < 60_000)
        let database = try #require(json["database"] as? [String: Any])
        #expect(database["state"] as? String == "writable")
        #expect(database["path"] as? String == daemon.databasePath)
        // 1 single + 2 in the batch.
        #expect(json["events_stored"] as? Int == 3)
        #expect(json["events_written_since_start"] as? Int == 3)
        #expect(json["queue_depth"] as? Int == 0)
        let uptime = try #require(json["uptime_seconds"] as? Double)
        #expect(uptime >= 0 && uptime < 600)
        try await daemon.stop()
    }

    @Test("the writer connection really runs with the synchronous mode asked for (SQLite's own answer)", arguments: [
        (nil, "full"), ("normal", "normal"), ("full", "full"),
    ] as [(String?, String)])
    func synchronous(configured: String?, reported: String) async throws {
        var config = AnalyticsConfig()
        if let configured { config.ingest.synchronous = configured }
        let durability = try IngestConfiguration(config).durability
        let daemon = try await TestDaemon.start { $0.durability = durability }
        let database = try #require(try await daemon.client.get("/health").json["database"] as? [String: Any])
        #expect(database["synchronous"] as? String == reported)
        try await daemon.stop()
    }

    @Test("events already in the database count as stored")
    func existingEvents() async throws {
        let directory = TemporaryDirectory()
        let first = try await TestDaemon.start(directory: directory)
        _ = try await first.client.post("/api/analytics/track/batch", #"[{"event_type":"b"},{"event_type":"c"}]"#)
        try await first.stop()
        let second = try await TestDaemon.start(directory: directory)
        let json = try await second.client.get("/health").json
        #expect(json["events_stored"] as? Int == 2)
        #expect(json["events_written_since_start"] as? Int == 0)
        let next = try await second.client.track(#"{"event_type":"d"}"#)
        #expect(next.json["id"] as? Int == 3)
        try await second.stop()
    }

    @Test("metrics count requests by route and status, events written, commits and latency")
    func metrics() async throws {
        let daemon = try await TestDaemon.start()
        for _ in 0..<3 { _ = try await daemon.client.track(#"{"event_type":"a"}"#) }
        _ = try await daemon.client.track(#"{"event_type":"bad type"}"#)
        _ = try await daemon.client.post("/api/analytics/track/batch", #"[{"event_type":"b"},{"event_type":"c"}]"#)
        let answer = try await daemon.client.get("/metrics")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type")?.hasPrefix("text/plain") == true)
        let lines = Set(answer.text.split(separator: "\n").map(String.init))
        #expect(lines.contains(#"espice_ingest_http_requests_total{route="/api/analytics/track",status="200"} 3"#))
        #expect(lines.contains(#"espice_ingest_http_requests_total{route="/api/analytics/track",status="422"} 1"#))
        #expect(lines.contains(#"espice_ingest_http_requests_total{route="/api/analytics/track/batch",status="200"} 1"#))
        // 3 single events + 2 in the batch.
        #expect(lines.contains("espice_ingest_events_written_total 5"))
        // Sequential requests: one commit each (3 + 1), holding 5 events in all.
        #expect(lines.contains("espice_ingest_commit_events_count 4"))
        #expect(lines.contains("espice_ingest_commit_events_sum 5.0") || lines.contains("espice_ingest_commit_events_sum 5"))
        #expect(lines.contains(#"espice_ingest_request_duration_seconds_count{route="/api/analytics/track"} 4"#))
        #expect(lines.contains("espice_ingest_queue_depth_events 0") || lines.contains("espice_ingest_queue_depth_events 0.0"))
        try await daemon.stop()
    }
}

@Suite("CORS")
struct CORSTests {
    @Test("off by default: no Access-Control headers")
    func off() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.track(#"{"event_type":"x"}"#, headers: ["Origin": "https://dash.example"])
        #expect(answer.status == 200)
        #expect(answer.header("Access-Control-Allow-Origin") == nil)
        try await daemon.stop()
    }

    @Test("a configured origin gets preflight and response headers; another origin does not")
    func configured() async throws {
        let daemon = try await TestDaemon.start { $0.corsOrigins = ["https://dash.example"] }
        let preflight = try await daemon.client.send(
            "OPTIONS", "/api/analytics/track", contentType: nil,
            headers: ["Origin": "https://dash.example", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://dash.example")
        #expect(preflight.header("Access-Control-Allow-Methods")?.contains("POST") == true)
        let allowed = try await daemon.client.track(#"{"event_type":"x"}"#, headers: ["Origin": "https://dash.example"])
        #expect(allowed.status == 200)
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://dash.example")
        let refusedEvent = try await daemon.client.track(#"{"event_type":"bad type"}"#, headers: ["Origin": "https://dash.example"])
        #expect(refusedEvent.status == 422)
        #expect(refusedEvent.header("Access-Control-Allow-Origin") == "https://dash.example")
        let other = try await daemon.client.track(#"{"event_type":"x"}"#, headers: ["Origin": "https://evil.example"])
        #expect(other.status == 200)
        #expect(other.header("Access-Control-Allow-Origin") == nil)
        try await daemon.stop()
    }

    @Test("* allows any origin, as the original did")
    func any() async throws {
        let daemon = try await TestDaemon.start { $0.corsOrigins = ["*"] }
        let answer = try await daemon.client.track(#"{"event_type":"x"}"#, headers: ["Origin": "https://anywhere.example"])
        #expect(answer.header("Access-Control-Allow-Origin") == "*")
        try await daemon.stop()
    }
}
