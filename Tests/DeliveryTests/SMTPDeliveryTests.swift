import Delivery
import Foundation
import Model
import Store
import Testing

@Suite("email delivery over SMTP", .serialized)
struct SMTPDeliveryTests {
    let temp = TemporaryDirectory()
    let asOf = Fixtures.ms("2026-11-28T06:00:00Z")

    func config(smtpURL: String, starttls: String = "none") -> AnalyticsConfig {
        var config = AnalyticsConfig()
        config.databasePath = temp.path("analytics.db")
        config.delivery.smtp.url = smtpURL
        config.delivery.smtp.from = "ESpice Analytics <reports@espice.example>"
        config.delivery.smtp.starttls = starttls
        config.delivery.smtp.retryDelaySeconds = 0.05
        config.delivery.smtp.timeoutSeconds = 10
        return config
    }

    func save(_ store: AnalyticsStore, name: String = "Täglicher Bericht", format: String = "pdf,csv",
              recipients: [String] = ["alice@example.com", "bob@example.com"]) throws {
        let report = SavedReportConfig(name: name, description: "Yesterday's processing", reportType: "processing_performance",
                                       schedule: "@daily", recipients: recipients, format: format)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        try store.saveSavedReport(name: report.name, slug: report.slug, reportType: report.reportType, schedule: report.schedule, json: json)
    }

    func smtpServer(_ options: String = "{}") throws -> (HelperServer, String) {
        let inbox = temp.path("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        return (try HelperServer(script: Scripts.smtp, arguments: [inbox, options], directory: temp, name: "smtp"), inbox)
    }

    @Test("each recipient gets one multipart message with KPIs, a PDF pdfinfo accepts and the CSV; a second run sends nothing")
    func sendsOncePerPeriod() throws {
        let (server, inbox) = try smtpServer()
        let store = try Fixtures.store(temp.path("analytics.db"))
        try save(store)
        let config = config(smtpURL: "smtp://127.0.0.1:\(server.port)")
        let deliverer = Deliverer(store: store, config: config, transport: try SMTPTransport(settings: config.delivery.smtp))
        let first = deliverer.run(DeliveryOptions(asOf: asOf))
        #expect(first.failures == [])
        #expect(first.sent == 2)

        let messages = try parseMessages(in: inbox, temp: temp)
        try #require(messages.count == 2)
        #expect(Set(messages.map(\.to)) == ["alice@example.com", "bob@example.com"])
        for message in messages {
            #expect(message.subject == "Täglicher Bericht: Processing performance, 2026-11-27")
            #expect(message.from == "ESpice Analytics <reports@espice.example>")
            #expect(message.message_id.hasPrefix("<") && message.message_id.hasSuffix("@espice.example>"))
            #expect(message.content_type == "multipart/mixed")
            #expect(message.defects == 0)
            #expect(message.text?.contains("Documents processed: 24") == true)
            #expect(message.html?.contains("<th style=\"text-align:left;padding:4px 12px 4px 0\">Documents processed</th>") == true)
            #expect(message.attachments.map(\.filename) == ["processing_performance-1d-2026-11-28.pdf", "processing_performance-1d-2026-11-28.csv"])
            #expect(message.attachments.first?.type == "application/pdf")
            if let pdf = message.attachments.first, let pdfinfo = which("pdfinfo") {
                let (status, out, _) = try runProcess(pdfinfo, [pdf.path])
                #expect(status == 0)
                #expect(out.contains("Pages:"))
            }
        }
        let ledger = try store.deliveries()
        #expect(ledger.count == 2)
        #expect(ledger.allSatisfy { $0.status == "sent" && $0.attempts == 1 && $0.channel == "smtp" })
        #expect(ledger.allSatisfy { $0.periodStart == Fixtures.ms("2026-11-27T00:00:00Z") && $0.periodEnd == Fixtures.ms("2026-11-28T00:00:00Z") })

        // Same period again, even later the same day: nothing is sent.
        let second = deliverer.run(DeliveryOptions(asOf: asOf + 3_600_000))
        #expect(second.sent == 0)
        #expect(second.outcomes.map(\.status) == ["already-sent", "already-sent"])
        #expect(try parseMessages(in: inbox, temp: temp).count == 2)
        // A run recorded in history.
        let runs = try store.recentRuns(kind: "delivery")
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0.status == "succeeded" })
        withExtendedLifetime(server) {}
    }

    @Test("a recipient refused twice gets the third attempt; the other recipient gets exactly one message")
    func retriesOnlyTheFailedRecipient() throws {
        let (server, inbox) = try smtpServer(#"{"reject": {"bob@example.com": 2}}"#)
        let store = try Fixtures.store(temp.path("analytics.db"))
        try save(store, format: "csv")
        let config = config(smtpURL: "smtp://127.0.0.1:\(server.port)")
        let summary = Deliverer(store: store, config: config, transport: try SMTPTransport(settings: config.delivery.smtp))
            .run(DeliveryOptions(asOf: asOf))
        #expect(summary.failures == [])
        let messages = try parseMessages(in: inbox, temp: temp)
        #expect(messages.filter { $0.to == "alice@example.com" }.count == 1)
        #expect(messages.filter { $0.to == "bob@example.com" }.count == 1)
        let bob = try #require(try store.delivery(report: "Täglicher Bericht", periodEnd: Fixtures.ms("2026-11-28T00:00:00Z"), recipient: "bob@example.com"))
        #expect(bob.status == "sent")
        #expect(bob.attempts == 3)
        let attempts = try store.deliveryAttempts().filter { $0.recipient == "bob@example.com" }
        #expect(attempts.map(\.succeeded).sorted { !$0 && $1 } == [false, false, true])
        #expect(attempts.filter { !$0.succeeded }.allSatisfy { $0.error?.contains("451") == true || $0.error?.contains("RCPT") == true })
        withExtendedLifetime(server) {}
    }

    @Test("an unreachable server: every attempt recorded as failed, the summary fails, nothing crashes, the next run retries")
    func unreachableServer() throws {
        let store = try Fixtures.store(temp.path("analytics.db"))
        try save(store, format: "csv", recipients: ["alice@example.com"])
        let config = config(smtpURL: "smtp://127.0.0.1:\(try closedPort())")
        let deliverer = Deliverer(store: store, config: config, transport: try SMTPTransport(settings: config.delivery.smtp))
        let summary = deliverer.run(DeliveryOptions(asOf: asOf))
        #expect(summary.failed)
        #expect(summary.failures.count == 1)
        let record = try #require(try store.deliveries().first)
        #expect(record.status == "failed")
        #expect(record.attempts == 3)
        #expect(record.lastError?.contains("onnect") == true)
        #expect(try store.recentRuns(kind: "delivery").first?.status == "failed")
        // The next run tries again (failed rows are not "sent").
        let again = deliverer.run(DeliveryOptions(asOf: asOf))
        #expect(again.failed)
        #expect(try store.deliveries().first?.attempts == 6)
    }

    @Test("STARTTLS with a self-signed certificate trusted through the CA option, and AUTH")
    func startTLSAndAuth() throws {
        let openssl = try #require(which("openssl"))
        let (status, _, err) = try runProcess(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", temp.path("key.pem"), "-out", temp.path("cert.pem"),
            "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        try #require(status == 0, "openssl: \(err)")
        let options = #"{"tls": {"cert": "\#(temp.path("cert.pem"))", "key": "\#(temp.path("key.pem"))"}, "auth": {"user": "mailer", "pass": "s3cret"}}"#
        let (server, inbox) = try smtpServer(options)
        let store = try Fixtures.store(temp.path("analytics.db"))
        try save(store, format: "csv", recipients: ["alice@example.com"])

        // Without the CA the certificate is refused: recorded, not retried (it would not help).
        var untrusted = config(smtpURL: "smtp://127.0.0.1:\(server.port)", starttls: "required")
        untrusted.delivery.smtp.username = "mailer"
        untrusted.delivery.smtp.password = "s3cret"
        let refused = Deliverer(store: store, config: untrusted, transport: try SMTPTransport(settings: untrusted.delivery.smtp))
            .run(DeliveryOptions(asOf: asOf))
        #expect(refused.failed)
        #expect(try store.deliveries().first?.attempts == 1)

        var trusted = untrusted
        trusted.delivery.smtp.caFile = temp.path("cert.pem")
        let sent = Deliverer(store: store, config: trusted, transport: try SMTPTransport(settings: trusted.delivery.smtp))
            .run(DeliveryOptions(asOf: asOf))
        #expect(sent.failures == [])
        let envelopes = try FileManager.default.contentsOfDirectory(atPath: inbox).filter { $0.hasSuffix(".json") }
        try #require(envelopes.count == 1)
        let envelope = try String(contentsOfFile: inbox + "/" + envelopes[0], encoding: .utf8)
        #expect(envelope.contains("\"tls\": true"))
        #expect(envelope.contains("\"authenticated\": true"))

        // A wrong password is refused and recorded.
        let store2 = try Fixtures.store(temp.path("other.db"))
        try save(store2, format: "csv", recipients: ["alice@example.com"])
        var wrong = trusted
        wrong.delivery.smtp.password = "nope"
        let denied = Deliverer(store: store2, config: wrong, transport: try SMTPTransport(settings: wrong.delivery.smtp)).run(DeliveryOptions(asOf: asOf))
        #expect(denied.failed)
        withExtendedLifetime(server) {}
    }

    @Test("--outbox writes the same messages as .eml files; --dry-run sends and records nothing")
    func outboxAndDryRun() throws {
        let store = try Fixtures.store(temp.path("analytics.db"))
        try save(store, format: "pdf,xlsx", recipients: ["alice@example.com"])
        var config = config(smtpURL: "smtp://127.0.0.1:1")
        var dry = DeliveryOptions(asOf: asOf)
        dry.dryRun = true
        let listed = Deliverer(store: store, config: config, transport: nil).run(dry)
        #expect(listed.outcomes.map(\.status) == ["would-send"])
        #expect(try store.deliveries().isEmpty)

        config.delivery.baseURL = "https://reports.example.com/analytics"
        let outbox = temp.path("outbox")
        let summary = Deliverer(store: store, config: config, transport: try OutboxTransport(directory: outbox)).run(DeliveryOptions(asOf: asOf))
        #expect(summary.failures == [])
        let messages = try parseMessages(in: outbox, temp: temp)
        try #require(messages.count == 1)
        #expect(messages[0].attachments.map(\.filename) == ["processing_performance-1d-2026-11-28.pdf", "processing_performance-1d-2026-11-28.xlsx"])
        #expect(messages[0].text?.contains("https://reports.example.com/analytics/saved/t-glicher-bericht/") == true)
        #expect(try store.deliveries().first?.channel == "outbox")

        // Over the size limit with base_url set: links instead of attachments.
        var small = config
        small.delivery.smtp.attachmentLimitBytes = 100
        var resend = DeliveryOptions(asOf: asOf)
        resend.resend = ("Täglicher Bericht", Fixtures.ms("2026-11-28T23:59:59Z"))
        let outbox2 = temp.path("outbox2")
        _ = Deliverer(store: store, config: small, transport: try OutboxTransport(directory: outbox2)).run(resend)
        let linked = try parseMessages(in: outbox2, temp: temp)
        try #require(linked.count == 1)
        #expect(linked[0].attachments.isEmpty)
        #expect(linked[0].text?.contains("Too large to attach: processing_performance-1d-2026-11-28.pdf") == true)
        #expect(try store.deliveries().first?.attempts == 2)  // the resend is recorded on the same ledger row
    }

    @Test("a period whose data has not arrived waits, then goes out marked partial")
    func waitsForCompleteData() throws {
        let store = try Fixtures.store(temp.path("analytics.db"))
        try save(store, format: "csv", recipients: ["alice@example.com"])
        let config = config(smtpURL: "smtp://127.0.0.1:1")
        let outbox = temp.path("outbox")
        let deliverer = Deliverer(store: store, config: config, transport: try OutboxTransport(directory: outbox))
        // Next day's period (ends 2026-11-29T00:00Z); the newest event is 2026-11-28T01:00Z.
        let early = deliverer.run(DeliveryOptions(asOf: Fixtures.ms("2026-11-29T00:30:00Z")))
        #expect(early.outcomes.map(\.status) == ["waiting"])
        let late = deliverer.run(DeliveryOptions(asOf: Fixtures.ms("2026-11-29T02:00:00Z")))
        #expect(late.outcomes.map(\.status) == ["sent"])
        let messages = try parseMessages(in: outbox, temp: temp)
        #expect(messages.first?.subject.hasSuffix("(partial)") == true)
        #expect(messages.first?.text?.contains("Partial: data as of 2026-11-28T01:00:00") == true)
    }

    @Test("runs missed for days are caught up once, with the latest period")
    func catchUpOnce() throws {
        let store = try Fixtures.store(temp.path("analytics.db"))
        try save(store, format: "csv", recipients: ["alice@example.com"])
        let outbox = temp.path("outbox")
        let deliverer = Deliverer(store: store, config: config(smtpURL: "smtp://127.0.0.1:1"), transport: try OutboxTransport(directory: outbox))
        let summary = deliverer.run(DeliveryOptions(asOf: Fixtures.ms("2026-12-03T09:00:00Z")))
        #expect(summary.outcomes.map(\.status) == ["sent"])
        #expect(try store.deliveries().map(\.periodEnd) == [Fixtures.ms("2026-12-03T00:00:00Z")])
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox).count == 1)
    }
}
