import Delivery
import Foundation
import Model
import Reports
import Store
import Testing

@Suite("signed webhooks", .serialized)
struct WebhookTests {
    let temp = TemporaryDirectory()
    let secret = "s3cr3t-ключ"

    func sender(_ store: AnalyticsStore?, urls: [String], attempts: Int = 3, timeout: Int = 5) -> WebhookSender {
        var settings = WebhookSettings()
        settings.urls = urls
        settings.secret = secret
        settings.attempts = attempts
        settings.timeoutSeconds = timeout
        var sender = WebhookSender(settings: settings, store: store)
        sender.retryDelaySeconds = 0.05
        return sender
    }

    @Test("a POST carries JSON, its event header and a signature Python's hmac module accepts")
    func signedPost() throws {
        let receiver = try WebhookReceiver(temp: temp, secret: secret)
        let store = try Fixtures.store(temp.path("analytics.db"))
        let body = Data(#"{"event":"build.completed","note":"Grüße, 山田"}"#.utf8)
        let results = sender(store, urls: [receiver.url]).post(event: "build.completed", body: body, runID: nil)
        #expect(results.map(\.succeeded) == [true] && results.first?.attempts == 1 && results.first?.statusCode == 200)
        let requests = try receiver.requests()
        try #require(requests.count == 1)
        #expect(requests[0].signature_ok)
        #expect(requests[0].signature == WebhookSender.signature(body: body, secret: secret))
        #expect(requests[0].event == "build.completed" && requests[0].content_type == "application/json" && requests[0].path == "/hooks/espice")
        #expect(requests[0].json["note"] as? String == "Grüße, 山田")
        #expect(try store.webhookAttempts().map(\.succeeded) == [true])
    }

    @Test("a receiver that fails the first two requests gets the third; every attempt is recorded")
    func retries() throws {
        let receiver = try WebhookReceiver(temp: temp, secret: secret, codes: [500, 503])
        let store = try Fixtures.store(temp.path("analytics.db"))
        let results = sender(store, urls: [receiver.url]).post(event: "build.completed", body: Data("{}".utf8), runID: 7)
        #expect(results.first?.succeeded == true && results.first?.attempts == 3)
        #expect(try receiver.requests().map(\.status) == [500, 503, 200])
        #expect(try receiver.requests().allSatisfy(\.signature_ok))
        let attempts = try store.webhookAttempts()
        #expect(attempts.count == 3 && attempts.filter(\.succeeded).count == 1)
        #expect(Set(attempts.compactMap(\.statusCode)) == [500, 503, 200])
    }

    @Test("a receiver that keeps failing gets `attempts` tries and the result says why; a 4xx is not retried")
    func givesUp() throws {
        let receiver = try WebhookReceiver(temp: temp, secret: secret, codes: [500, 500, 500, 404])
        let failing = sender(nil, urls: [receiver.url], attempts: 3).post(event: "alert.triggered", body: Data("{}".utf8), runID: nil)
        #expect(failing.first?.succeeded == false && failing.first?.attempts == 3 && failing.first?.error == "HTTP 500")
        let refused = sender(nil, urls: [receiver.url], attempts: 3).post(event: "alert.triggered", body: Data("{}".utf8), runID: nil)
        #expect(refused.first?.attempts == 1 && refused.first?.error == "HTTP 404")
        #expect(try receiver.requests().count == 4)
    }

    @Test("a receiver slower than timeout_seconds counts as a failed attempt")
    func timesOut() throws {
        let receiver = try WebhookReceiver(temp: temp, secret: secret, codes: [0])
        let slow = sender(nil, urls: [receiver.url], attempts: 1, timeout: 1)
        let started = Date()
        let results = slow.post(event: "build.completed", body: Data("{}".utf8), runID: nil)
        #expect(results.first?.succeeded == false && results.first?.statusCode == nil)
        #expect(results.first?.error?.contains("Timeout") == true, "\(results.first?.error ?? "")")
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test("an unreachable URL: each attempt is recorded as failed, the failure lands in the build's history entry, nothing throws")
    func unreachable() throws {
        let store = try Fixtures.store(temp.path("analytics.db"))
        let runID = try store.startRun(kind: "build")
        try store.finishRun(runID, succeeded: true, eventsFolded: 0, outputs: [], errors: [])
        var config = AnalyticsConfig()
        config.delivery.webhooks.urls = ["http://127.0.0.1:\(try closedPort())/hook"]
        config.delivery.webhooks.attempts = 2
        var notifier = BuildNotifier(store: store, config: config, mail: nil)
        notifier.sender.retryDelaySeconds = 0.05
        let summary = notifier.notify(BuildFacts(id: runID, startedAt: "2026-11-28T00:00:00Z", asOf: Fixtures.ms("2026-11-28T00:00:00Z"),
                                                 status: "succeeded", durationSeconds: 1.5, eventsFolded: 0, ranges: ["1d"]))
        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.hasPrefix("webhook build.completed → http://127.0.0.1:") == true)
        #expect(summary.failures.first?.hasSuffix("(2 attempts)") == true)
        #expect(try store.webhookAttempts().map(\.succeeded) == [false, false])
        let run = try #require(try store.recentRuns(kind: "build").first)
        #expect(run.status == "succeeded" && run.errors == summary.failures)
    }

    @Test("build.completed carries the build, the alert range's figures and links under base_url")
    func completedPayload() throws {
        let receiver = try WebhookReceiver(temp: temp, secret: secret)
        let store = try Fixtures.store(temp.path("analytics.db"))
        var config = AnalyticsConfig()
        config.delivery.webhooks.urls = [receiver.url]
        config.delivery.webhooks.secret = secret
        config.delivery.baseURL = "https://reports.example.com/analytics"
        let summary = BuildNotifier(store: store, config: config, mail: nil).notify(
            BuildFacts(id: 42, startedAt: "2026-11-28T00:00:05Z", asOf: Fixtures.ms("2026-11-28T00:00:00Z"), status: "succeeded",
                       durationSeconds: 2.25, eventsFolded: 29, ranges: ["1d", "7d"]))
        #expect(summary.failures == [])
        let request = try #require(try receiver.delivered().first)
        #expect(request.signature_ok && request.event == "build.completed")
        let json = request.json
        #expect(json["event"] as? String == "build.completed")
        let build = json["build"] as? [String: Any]
        #expect(build?["id"] as? Int == 42 && build?["as_of"] as? String == "2026-11-28T00:00:00Z" && build?["events_folded"] as? Int == 29)
        #expect(build?["status"] as? String == "succeeded" && build?["duration_seconds"] as? Double == 2.25)
        let figures = try #require(json["summary"] as? [String: Any])
        // 2026-11-27: 24 processed documents, 4 errors, nothing else that day.
        #expect(figures["range"] as? String == "1d" && figures["total_events"] as? Int == 28 && figures["documents_processed"] as? Int == 24)
        #expect((figures["success_rate"] as? Double).map { abs($0 - 85.71) < 0.01 } == true)
        #expect((figures["error_rate"] as? Double).map { abs($0 - 14.286) < 0.001 } == true)
        #expect((figures["p95_processing_time_ms"] as? Double).map { $0 > 1000 && $0 < 1300 } == true)
        let links = json["links"] as? [String: String]
        #expect(links?["summary"] == "https://reports.example.com/analytics/index.html")
        #expect(links?["report"] == "https://reports.example.com/analytics/reports/processing_performance/1d/index.html")
        #expect((json["active_alerts"] as? [Any])?.isEmpty == true)
    }
}
