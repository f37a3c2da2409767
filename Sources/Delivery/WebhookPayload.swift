public import Foundation
public import Model
public import Reports
internal import Store

/// What a finished build tells the notifier (the CLI fills it from the build summary).
public struct BuildFacts: Sendable, Hashable {
    /// The build's row in the history (`runs.id`).
    public var id: Int64?
    /// ISO 8601.
    public var startedAt: String
    public var asOf: Int64
    /// `succeeded` or `published with failures`.
    public var status: String
    public var durationSeconds: Double
    public var eventsFolded: Int
    /// The ranges the site was built with (links to a report page only when it exists).
    public var ranges: [String]

    public init(id: Int64?, startedAt: String, asOf: Int64, status: String, durationSeconds: Double, eventsFolded: Int, ranges: [String]) {
        self.id = id
        self.startedAt = startedAt
        self.asOf = asOf
        self.status = status
        self.durationSeconds = durationSeconds
        self.eventsFolded = eventsFolded
        self.ranges = ranges
    }
}

/// The JSON bodies of the webhook events (docs/deployment.md shows them). Keys are sorted and
/// the bytes sent are exactly the bytes signed.
public enum WebhookPayload {
    struct Build: Encodable {
        var id: Int64?
        var startedAt: String
        var asOf: String
        var status: String?
        var durationSeconds: Double?
        var eventsFolded: Int?

        enum CodingKeys: String, CodingKey {
            case id, status, startedAt = "started_at", asOf = "as_of", durationSeconds = "duration_seconds", eventsFolded = "events_folded"
        }
    }

    struct Summary: Encodable {
        var range: String
        var from: String
        var to: String
        var totalEvents: Int
        var documentsProcessed: Int64
        var errors: Int64
        var successRate: Double?
        var p95ProcessingTimeMs: Double?
        var errorRate: Double?

        enum CodingKeys: String, CodingKey {
            case range, from, to, errors, totalEvents = "total_events", documentsProcessed = "documents_processed"
            case successRate = "success_rate", p95ProcessingTimeMs = "p95_processing_time_ms", errorRate = "error_rate"
        }
    }

    struct Alert: Encodable {
        var metric: String
        var scope: String
        var level: String
        var previousLevel: String?
        var value: Double?
        var warn: Double?
        var critical: Double?
        var direction: String
        var range: String
        var message: String

        enum CodingKeys: String, CodingKey {
            case metric, scope, level, value, warn, critical, direction, range, message, previousLevel = "previous_level"
        }
    }

    struct CompletedBody: Encodable {
        var event = "build.completed"
        var sentAt: String
        var build: Build
        var summary: Summary?
        var activeAlerts: [Alert]
        var links: [String: String]

        enum CodingKeys: String, CodingKey { case event, build, summary, links, sentAt = "sent_at", activeAlerts = "active_alerts" }
    }

    struct AlertBody: Encodable {
        var event: String
        var sentAt: String
        var build: Build
        var alert: Alert
        var links: [String: String]

        enum CodingKeys: String, CodingKey { case event, build, alert, links, sentAt = "sent_at" }
    }

    /// `build.completed`: the build and the alert range's headline figures.
    public static func buildCompleted(_ build: BuildFacts, figures: AlertFigures?, range: String, alerts: [AlertReading],
                                      baseURL: String?, now: Int64? = nil) -> Data {
        let summary = figures.map {
            Summary(range: range, from: Timestamp.iso8601($0.window.start), to: Timestamp.iso8601($0.window.end), totalEvents: $0.totalEvents,
                    documentsProcessed: $0.documentsProcessed, errors: $0.errors, successRate: rounded($0.successRate),
                    p95ProcessingTimeMs: rounded($0.p95ProcessingTimeMs), errorRate: rounded($0.errorRate))
        }
        let active = alerts.filter { $0.level != .ok }.map { alert($0, previous: nil, range: range) }
        var pages = links(baseURL: baseURL)
        if build.ranges.contains(range) { pages["report"] = link("reports/processing_performance/\(range)/index.html", baseURL) }
        let body = CompletedBody(
            sentAt: Timestamp.iso8601(now ?? Clock.nowMilliseconds()),
            build: Build(id: build.id, startedAt: build.startedAt, asOf: Timestamp.iso8601(build.asOf), status: build.status,
                         durationSeconds: (build.durationSeconds * 1000).rounded() / 1000, eventsFolded: build.eventsFolded),
            summary: summary, activeAlerts: active, links: pages)
        return encode(body)
    }

    /// `alert.triggered` (entering or changing between warn and critical) or `alert.resolved`
    /// (back to ok).
    public static func alertChanged(_ reading: AlertReading, previous: AlertLevel, build: BuildFacts, range: String,
                                    baseURL: String?, now: Int64? = nil) -> (event: String, body: Data) {
        let event = reading.level == .ok ? "alert.resolved" : "alert.triggered"
        let body = AlertBody(event: event, sentAt: Timestamp.iso8601(now ?? Clock.nowMilliseconds()),
                             build: Build(id: build.id, startedAt: build.startedAt, asOf: Timestamp.iso8601(build.asOf)),
                             alert: alert(reading, previous: previous, range: range), links: links(baseURL: baseURL))
        return (event, encode(body))
    }

    static func alert(_ r: AlertReading, previous: AlertLevel?, range: String) -> Alert {
        Alert(metric: r.metric.rawValue, scope: r.scope, level: r.level.rawValue, previousLevel: previous?.rawValue, value: rounded(r.value),
              warn: r.threshold.warn, critical: r.threshold.critical, direction: r.metric.lowerIsWorse ? "below" : "above", range: range,
              message: r.message(range: range))
    }

    static func links(baseURL: String?) -> [String: String] {
        ["summary": link("index.html", baseURL), "history": link("history/index.html", baseURL)]
    }

    /// A site path, absolute under `base_url` when configured, else relative to the site root.
    static func link(_ path: String, _ baseURL: String?) -> String {
        guard let baseURL, !baseURL.isEmpty else { return path }
        return (baseURL.hasSuffix("/") ? baseURL : baseURL + "/") + path
    }

    static func rounded(_ value: Double?) -> Double? { value.map { ($0 * 1000).rounded() / 1000 } }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
