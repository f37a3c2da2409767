internal import Foundation
public import Model
public import Reports
public import Store

/// A change of one alert's state in a build.
public struct AlertTransition: Sendable, Hashable, Codable {
    public var metric: AlertMetric
    public var scope: String
    public var previousLevel: AlertLevel
    public var level: AlertLevel
    public var value: Double?
    public var message: String
    /// `alert.triggered` or `alert.resolved`.
    public var event: String
}

/// What the notifications after a build did.
public struct NotificationSummary: Sendable, Codable {
    public var transitions: [AlertTransition] = []
    public var webhooks: [WebhookResult] = []
    /// Addresses the alert email reached.
    public var emailed: [String] = []
    /// One line per problem (also appended to the build's history entry).
    public var failures: [String] = []
}

/// After a build has published: evaluates the alert thresholds, keeps each alert's state in
/// `alert_state` and fires only the changes (`alert.triggered` / `alert.resolved`, by webhook
/// and, with `alerts.email`, by email), then posts `build.completed`. Nothing here throws: a
/// failure is returned, written to stderr by the CLI and added to the build's history entry.
public struct BuildNotifier: Sendable {
    public let store: AnalyticsStore
    public let config: AnalyticsConfig
    /// Where alert emails go (SMTP or an outbox); nil sends none.
    public let mail: (any MailTransport)?
    public var sender: WebhookSender

    public init(store: AnalyticsStore, config: AnalyticsConfig, mail: (any MailTransport)?) {
        self.store = store
        self.config = config
        self.mail = mail
        self.sender = WebhookSender(settings: config.delivery.webhooks, store: store)
    }

    var alerts: AlertSettings { config.delivery.alerts }

    public func notify(_ build: BuildFacts) -> NotificationSummary {
        var summary = NotificationSummary()
        let webhooks = !config.delivery.webhooks.urls.isEmpty
        guard webhooks || !alerts.isEmpty else { return summary }
        var figures: AlertFigures?
        var readings: [AlertReading] = []
        do {
            let engine = ReportEngine(store: store, roles: config.eventRoles, calendar: try ZoneCalendar(identifier: config.timeZone))
            _ = try engine.refresh()
            let evaluator = AlertEvaluator(settings: alerts, engine: engine)
            figures = try evaluator.figures(asOf: build.asOf)
            readings = try evaluator.readings(asOf: build.asOf, overall: figures)
            summary.transitions = try record(readings)
        } catch {
            summary.failures.append("alerts: \(error)")
        }
        let range = alerts.range ?? "1d"
        for change in summary.transitions {
            let reading = readings.first { $0.metric == change.metric && $0.scope == change.scope }!
            let payload = WebhookPayload.alertChanged(reading, previous: change.previousLevel, build: build, range: range,
                                                      baseURL: config.delivery.baseURL)
            summary.webhooks += sender.post(event: payload.event, body: payload.body, runID: build.id)
        }
        if !summary.transitions.isEmpty, let recipients = alerts.email, !recipients.isEmpty {
            email(summary.transitions, to: recipients, range: range, into: &summary)
        }
        let completed = WebhookPayload.buildCompleted(build, figures: figures, range: range, alerts: readings, baseURL: config.delivery.baseURL)
        summary.webhooks += sender.post(event: "build.completed", body: completed, runID: build.id)
        for result in summary.webhooks where !result.succeeded {
            summary.failures.append("webhook \(result.event) → \(result.url): \(result.error ?? "failed") (\(result.attempts) attempt\(result.attempts == 1 ? "" : "s"))")
        }
        if let id = build.id { try? store.appendRunErrors(id, summary.failures) }
        return summary
    }

    /// Compares each reading with the stored state and stores the changes; returns them.
    func record(_ readings: [AlertReading]) throws -> [AlertTransition] {
        let known = Dictionary(try store.alertStates().map { ("\($0.metric)|\($0.scope)", AlertLevel(rawValue: $0.level) ?? .ok) },
                               uniquingKeysWith: { a, _ in a })
        var changes: [AlertTransition] = []
        for reading in readings {
            let previous = known["\(reading.metric.rawValue)|\(reading.scope)"] ?? .ok
            guard previous != reading.level else { continue }
            try store.setAlertState(AlertStateRecord(metric: reading.metric.rawValue, scope: reading.scope, level: reading.level.rawValue,
                                                     value: reading.value, changedAt: Store.Clock.nowMilliseconds()))
            changes.append(AlertTransition(
                metric: reading.metric, scope: reading.scope, previousLevel: previous, level: reading.level, value: reading.value,
                message: reading.message(range: alerts.range ?? "1d"),
                event: reading.level == .ok ? "alert.resolved" : "alert.triggered"))
        }
        return changes
    }

    func email(_ changes: [AlertTransition], to recipients: [String], range: String, into summary: inout NotificationSummary) {
        guard let mail else {
            summary.failures.append("alerts.email: no SMTP server configured (SMTP_URL or smtp.url); \(changes.count) alert change(s) not emailed")
            return
        }
        let content = AlertMail.content(changes, range: range, link: config.delivery.baseURL.map { WebhookPayload.link("index.html", $0) },
                                        siteTitle: config.siteTitle)
        let from = config.delivery.smtp.from ?? "ESpice Analytics <espice-analytics@localhost.localdomain>"
        for recipient in recipients {
            let now = Date()
            var message = MailMessage(from: from, to: recipient, subject: content.subject, date: now,
                                      messageID: MailMessage.makeMessageID(from: from, at: now), text: content.text, html: content.html,
                                      attachments: [])
            message.extraHeaders = [("X-ESpice-Report", "alerts-\(Int64(now.timeIntervalSince1970 * 1000))-\(UUID().uuidString.prefix(8))")]
            do {
                try mail.send(message)
                summary.emailed.append(recipient)
            } catch {
                summary.failures.append("alert email → \(recipient): \(error)")
            }
        }
    }
}
