import Delivery
import Foundation
import Model
import Reports
import Store
import Testing

@Suite("threshold alerts", .serialized)
struct AlertTests {
    let temp = TemporaryDirectory()
    let secret = "alert-secret"
    let asOf = Fixtures.ms("2026-11-28T00:00:00Z")

    /// Success rate warn below 80 %, critical below 60 %; pdf-service p95 warn above 1000 ms.
    func config(_ receiver: WebhookReceiver) -> AnalyticsConfig {
        var config = AnalyticsConfig()
        config.delivery.webhooks.urls = [receiver.url]
        config.delivery.webhooks.secret = secret
        var alerts = AlertSettings()
        alerts.successRate = .init(warn: 80, critical: 60)
        var pdf = AlertSettings.ServiceThresholds()
        pdf.p95ProcessingTimeMs = .init(warn: 1000)
        alerts.services = ["pdf-service": pdf]
        alerts.email = ["oncall@example.com"]
        config.delivery.alerts = alerts
        return config
    }

    /// Adds `count` events of a type on 2026-11-27 (inside the 1d alert range at `asOf`).
    func add(_ store: AnalyticsStore, _ type: String, _ count: Int) throws {
        let events = (0..<count).map { i in
            TrackedEvent(eventType: type, serviceName: "pdf-service", timestamp: Fixtures.ms("2026-11-27T12:00:00Z") + Int64(i) * 1000,
                         fields: type == "document_processed" ? EventFields(processingTimeMs: 1200) : EventFields(errorType: "timeout"))
        }
        try store.insert(events)
    }

    @Test("the level of a figure: below the thresholds for a success rate, above them otherwise; no data is ok")
    func levels() {
        let rate = AlertSettings.Threshold(warn: 95, critical: 90)
        #expect(AlertEvaluator.level(.successRate, value: 96, threshold: rate) == .ok)
        #expect(AlertEvaluator.level(.successRate, value: 95, threshold: rate) == .ok)
        #expect(AlertEvaluator.level(.successRate, value: 94.9, threshold: rate) == .warn)
        #expect(AlertEvaluator.level(.successRate, value: 89, threshold: rate) == .critical)
        #expect(AlertEvaluator.level(.successRate, value: nil, threshold: rate) == .ok)
        let p95 = AlertSettings.Threshold(warn: 3000, critical: 5000)
        #expect(AlertEvaluator.level(.p95ProcessingTimeMs, value: 3000, threshold: p95) == .ok)
        #expect(AlertEvaluator.level(.p95ProcessingTimeMs, value: 3001, threshold: p95) == .warn)
        #expect(AlertEvaluator.level(.errorRate, value: 12, threshold: .init(critical: 10)) == .critical)
    }

    @Test("ok → warn → critical → warn → ok: each change fires exactly once, by webhook and email; unchanged figures fire nothing")
    func transitions() throws {
        let receiver = try WebhookReceiver(temp: temp, secret: secret)
        let store = try Fixtures.store(temp.path("analytics.db"))  // 24 processed, 4 errors: 85.7 %
        let outbox = temp.path("outbox")
        let notifier = BuildNotifier(store: store, config: config(receiver), mail: try OutboxTransport(directory: outbox))
        var seen = 0
        /// One build's notifications: the alert events it posted (build.completed is always last).
        func build() throws -> [String] {
            let summary = notifier.notify(BuildFacts(id: nil, startedAt: "2026-11-28T00:00:01Z", asOf: asOf, status: "succeeded",
                                                     durationSeconds: 1, eventsFolded: 0, ranges: ["1d"]))
            #expect(summary.failures == [])
            let requests = try receiver.delivered()
            defer { seen = requests.count }
            let new = Array(requests[seen...])
            #expect(new.allSatisfy { $0.signature_ok })
            #expect(new.last?.event == "build.completed")
            return new.dropLast().map { request in
                let alert = request.json["alert"] as? [String: Any] ?? [:]
                return "\(request.event ?? "?") \(alert["scope"] ?? "?") \(alert["metric"] ?? "?") \(alert["previous_level"] ?? "?")→\(alert["level"] ?? "?")"
            }
        }
        // The first build: the success rate is fine, pdf-service's p95 (~1.2 s) is above 1 s.
        #expect(try build() == ["alert.triggered pdf-service p95_processing_time_ms ok→warn"])
        #expect(try build() == [])  // the same figures again: nothing
        try add(store, "processing_error", 10)  // 24 / 38 = 63 %
        #expect(try build() == ["alert.triggered all success_rate ok→warn"])
        #expect(try build() == [])
        try add(store, "processing_error", 10)  // 24 / 48 = 50 %
        #expect(try build() == ["alert.triggered all success_rate warn→critical"])
        try add(store, "document_processed", 40)  // 64 / 88 = 72.7 %
        #expect(try build() == ["alert.triggered all success_rate critical→warn"])
        try add(store, "document_processed", 100)  // 164 / 188 = 87.2 %
        #expect(try build() == ["alert.resolved all success_rate warn→ok"])
        #expect(try build() == [])

        let states = try store.alertStates()
        #expect(states.map { "\($0.scope) \($0.metric) \($0.level)" } == ["pdf-service p95_processing_time_ms warn", "all success_rate ok"])
        // One alert email per build that changed something, to the configured address.
        let mails = try parseMessages(in: outbox, temp: temp)
        #expect(mails.count == 5 && mails.allSatisfy { $0.to == "oncall@example.com" })
        #expect(mails.contains { $0.subject.contains("CRITICAL") && $0.text?.contains("warn → critical: Success rate 50% is below the critical threshold 60%") == true })
        #expect(mails.contains { $0.subject.hasSuffix("alert resolved") })
    }

    @Test("the alert payload names the metric, scope, levels, value, thresholds and a sentence")
    func alertPayload() throws {
        let receiver = try WebhookReceiver(temp: temp, secret: secret)
        let store = try Fixtures.store(temp.path("analytics.db"))
        var config = config(receiver)
        config.delivery.alerts.email = nil
        config.delivery.alerts.services = nil
        config.delivery.alerts.errorRate = .init(warn: 5, critical: 10)
        _ = BuildNotifier(store: store, config: config, mail: nil).notify(
            BuildFacts(id: 3, startedAt: "2026-11-28T00:00:01Z", asOf: asOf, status: "succeeded", durationSeconds: 1, eventsFolded: 0, ranges: []))
        let request = try #require(try receiver.delivered().first)
        #expect(request.event == "alert.triggered")
        let alert = try #require(request.json["alert"] as? [String: Any])
        #expect(alert["metric"] as? String == "error_rate" && alert["scope"] as? String == "all" && alert["level"] as? String == "critical")
        #expect(alert["previous_level"] as? String == "ok" && alert["value"] as? Double == 14.286 && alert["range"] as? String == "1d")
        #expect(alert["warn"] as? Double == 5 && alert["critical"] as? Double == 10 && alert["direction"] as? String == "above")
        #expect(alert["message"] as? String == "Error rate 14.29% is above the critical threshold 10% (all services, last 1d).")
        #expect((request.json["build"] as? [String: Any])?["id"] as? Int == 3)
    }
}
