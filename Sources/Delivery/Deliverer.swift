public import Model
public import Store
public import Reports
internal import Exports
internal import Documents
public import Foundation

/// What `deliver` is asked to do.
public struct DeliveryOptions: Sendable {
    /// The instant schedules are evaluated at (default now).
    public var asOf: Int64
    /// List what would be sent; send and record nothing.
    public var dryRun = false
    /// Send this saved report's period again, whatever the ledger says (`--resend NAME --period T`).
    public var resend: (name: String, period: Int64)?
    /// How long after a period's end a report goes out marked partial when ingest has not caught up.
    public var completenessGraceMilliseconds: Int64 = 3_600_000
    /// Attempts per recipient in one run.
    public var attempts = 3

    public init(asOf: Int64) { self.asOf = asOf }
}

/// One line of a delivery run's result.
public struct DeliveryOutcome: Sendable, Hashable, Codable {
    public var report: String
    public var period: String
    public var recipient: String?
    /// `sent`, `failed`, `already-sent`, `would-send`, `waiting`, `invalid`; `caught-up` (or
    /// `would-catch-up`) notes missed periods skipped in favour of the latest.
    public var status: String
    public var detail: String?
}

public struct DeliverySummary: Sendable, Codable {
    public var outcomes: [DeliveryOutcome] = []
    public var failures: [String] = []
    public var sent: Int { outcomes.filter { $0.status == "sent" }.count }
    public var failed: Bool { !failures.isEmpty }
}

/// Produces the PDF attachment of a report (``ReportPDF`` by default; tests may stub it).
public typealias PDFRenderer = @Sendable (ReportDocument, SavedReportConfig) throws -> Data

/// Sends every due saved report to each recipient exactly once per period (SPEC §11).
public struct Deliverer: Sendable {
    public let store: AnalyticsStore
    public let config: AnalyticsConfig
    public let transport: (any MailTransport)?
    public var pdf: PDFRenderer
    /// Sleeps between attempts (seconds); tests may pass a no-op.
    public var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init(store: AnalyticsStore, config: AnalyticsConfig, transport: (any MailTransport)?) {
        self.store = store
        self.config = config
        self.transport = transport
        let title = config.siteTitle
        self.pdf = { document, _ in
            do {
                return try ReportPDF.render(document, options: PDFOptions(siteTitle: title))
            } catch {
                throw DeliveryError(source: "pdf", message: "\(error)", transient: false)
            }
        }
    }

    /// Saved reports from the database and `saved_reports_dir`, each validated; invalid ones are
    /// returned as errors naming the source and the field.
    public func savedReports() -> (reports: [SavedReportConfig], errors: [String]) {
        var sources: [(String, String)] = []
        var errors: [String] = []
        do {
            for stored in try store.savedReports() { sources.append(("saved report \"\(stored.name)\"", stored.json)) }
        } catch {
            errors.append("saved reports: \(error)")
        }
        if let directory = config.delivery.savedReportsDirectory {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            for file in files {
                let path = (directory as NSString).appendingPathComponent(file)
                if let text = try? String(contentsOfFile: path, encoding: .utf8) { sources.append((path, text)) } else { errors.append("\(path): cannot read") }
            }
        }
        var reports: [SavedReportConfig] = []
        var names = Set<String>()
        for (source, json) in sources {
            do {
                let report = try SavedReportConfig.decode(json)
                guard names.insert(report.name).inserted else { continue }  // the database wins over a file of the same name
                reports.append(report)
            } catch {
                errors.append("\(source): \(error)")
            }
        }
        return (reports, errors)
    }

    public func run(_ options: DeliveryOptions) -> DeliverySummary {
        var summary = DeliverySummary()
        let calendar: ZoneCalendar
        do { calendar = try ZoneCalendar(identifier: config.timeZone) } catch {
            summary.failures.append(error.description)
            return summary
        }
        let (reports, errors) = savedReports()
        summary.failures += errors
        let runID = options.dryRun ? nil : try? store.startRun(kind: "delivery")
        let engine = ReportEngine(store: store, roles: config.eventRoles, calendar: calendar)
        if !options.dryRun {
            do { _ = try engine.refresh() } catch { summary.failures.append("rollups: \(error)") }
        }
        let latest = (try? store.latestEventTime()) ?? nil
        let earliest = (try? store.earliestEventTime()) ?? nil
        if let resend = options.resend, !reports.contains(where: { $0.name == resend.name }) {
            summary.failures.append("--resend: no saved report named \"\(resend.name)\"")
        }
        for report in reports {
            if let resend = options.resend, resend.name != report.name { continue }
            guard let schedule = try? report.cronSchedule(), let recipients = report.recipients, !recipients.isEmpty else { continue }
            let instant = options.resend?.period ?? options.asOf
            guard let period = DuePeriod.at(instant, report: report, schedule: schedule, calendar: calendar, earliestEvent: earliest) else {
                continue
            }
            let periodText = "\(Timestamp.iso8601(period.start))/\(Timestamp.iso8601(period.end))"
            var partialAsOf: String?
            if (latest ?? .min) < period.end {
                if options.resend == nil && options.asOf < period.end + options.completenessGraceMilliseconds {
                    summary.outcomes.append(DeliveryOutcome(report: report.name, period: periodText, recipient: nil, status: "waiting",
                                                            detail: "ingest has not caught up with the period end yet"))
                    continue
                }
                partialAsOf = latest.map(Timestamp.iso8601) ?? "no events"
            }
            var pending: [String] = []
            for recipient in recipients {
                let record = try? store.delivery(report: report.name, periodEnd: period.end, recipient: recipient)
                if record?.status == "sent" && options.resend == nil {
                    summary.outcomes.append(DeliveryOutcome(report: report.name, period: periodText, recipient: recipient, status: "already-sent", detail: nil))
                } else {
                    pending.append(recipient)
                }
            }
            guard !pending.isEmpty else { continue }
            if options.resend == nil, let note = catchUpNote(report: report, schedule: schedule, period: period, calendar: calendar) {
                summary.outcomes.append(DeliveryOutcome(report: report.name, period: periodText, recipient: nil,
                                                        status: options.dryRun ? "would-catch-up" : "caught-up", detail: note))
            }
            if options.dryRun {
                for recipient in pending {
                    summary.outcomes.append(DeliveryOutcome(report: report.name, period: periodText, recipient: recipient, status: "would-send",
                                                            detail: partialAsOf.map { "partial as of \($0)" }))
                }
                continue
            }
            guard let transport else {
                summary.failures.append("\(report.name): no SMTP server configured (SMTP_URL or smtp.url) and no --outbox")
                continue
            }
            // Build the report and its attachments once; one message per recipient.
            let built: Built
            do {
                built = try build(report: report, period: period, calendar: calendar, engine: engine, partialAsOf: partialAsOf)
            } catch {
                let text = "\(report.name): \(error)"
                summary.failures.append(text)
                for recipient in pending {
                    try? store.recordDeliveryAttempt(report: report.name, periodStart: period.start, periodEnd: period.end, recipient: recipient,
                                                     succeeded: false, error: "\(error)", channel: transport.channel, messageID: nil, runID: runID)
                    summary.outcomes.append(DeliveryOutcome(report: report.name, period: periodText, recipient: recipient, status: "failed", detail: "\(error)"))
                }
                continue
            }
            for recipient in pending {
                let outcome = send(built, to: recipient, report: report, period: period, transport: transport, attempts: options.attempts, runID: runID)
                summary.outcomes.append(DeliveryOutcome(report: report.name, period: periodText, recipient: recipient,
                                                        status: outcome == nil ? "sent" : "failed", detail: outcome))
                if let outcome { summary.failures.append("\(report.name) → \(recipient): \(outcome)") }
            }
        }
        if let runID {
            let outputs = summary.outcomes.filter { $0.status == "sent" }.map { "\($0.report) → \($0.recipient ?? "") (\($0.period))" }
                + summary.outcomes.filter { $0.status == "caught-up" }.map { "\($0.report) (\($0.period)): \($0.detail ?? "")" }
            try? store.finishRun(runID, succeeded: summary.failures.isEmpty, eventsFolded: 0, outputs: outputs, errors: summary.failures)
        }
        return summary
    }

    struct Built {
        var subject: String
        var text: String
        var html: String
        var attachments: [MailMessage.Attachment]
        var stem: String
    }

    func build(report: SavedReportConfig, period: DuePeriod, calendar: ZoneCalendar, engine: ReportEngine, partialAsOf: String?) throws -> Built {
        let type = try ReportType.parse(report.reportType)
        let request = ReportRequest(type: type, range: .explicit(from: period.start, to: period.end), asOf: period.end,
                                    filters: report.parameters?.filters ?? ReportFilters())
        let document = try engine.generate(request)
        let stem = "\(type.rawValue)-\(period.label)-\(period.endDate(calendar))"
        let spool = try AttachmentSpool()
        for format in report.formats {
            switch format {
            case "pdf":
                try spool.add(stem + ".pdf", contentType: "application/pdf") { try pdf(document, report).write(to: URL(fileURLWithPath: $0)) }
            case "csv":
                try spool.add(stem + ".csv", contentType: "text/csv; charset=utf-8") { try CSVWriter.write(document.tables, toFile: $0) }
            case "xlsx":
                try spool.add(stem + ".xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
                    try XLSXWriter.write(document.tables, to: $0, title: report.name, createdAt: period.end / 1000)
                }
            case "json":
                try spool.add(stem + ".json", contentType: "application/json") { try document.writeJSON(pretty: true, to: URL(fileURLWithPath: $0)) }
            default: break
            }
        }
        let link = config.delivery.baseURL.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + "saved/\(report.slug)/" }
        // Within `smtp.attachment_limit_mb` in all: attached in the order asked while they fit;
        // the rest are named in the message (with the report page's link when `base_url` is set)
        // rather than sent in a message most servers would refuse.
        let (attachments, linked) = try spool.attachments(within: config.delivery.smtp.attachmentLimitBytes)
        let content = ReportMail.content(report: report, type: type, data: document.data, period: period.localDays(calendar),
                                         partialAsOf: partialAsOf, link: link, linkedAttachments: linked, siteTitle: config.siteTitle)
        return Built(subject: content.subject, text: content.text, html: content.html, attachments: attachments,
                     stem: "\(report.slug)-\(period.label)-\(period.endDate(calendar))")
    }

    /// Up to `attempts` tries with exponential backoff; nil on success, else the last error.
    func send(_ built: Built, to recipient: String, report: SavedReportConfig, period: DuePeriod, transport: any MailTransport,
              attempts: Int, runID: Int64?) -> String? {
        let from = config.delivery.smtp.from ?? "ESpice Analytics <espice-analytics@localhost.localdomain>"
        var lastError = "not attempted"
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 { sleep(config.delivery.smtp.retryDelaySeconds * pow(2, Double(attempt - 1))) }
            let now = Date()
            var message = MailMessage(from: from, to: recipient, subject: built.subject, date: now,
                                      messageID: MailMessage.makeMessageID(from: from, at: now), text: built.text, html: built.html,
                                      attachments: built.attachments)
            message.extraHeaders = [("X-ESpice-Report", built.stem)]
            do {
                try transport.send(message)
                try? store.recordDeliveryAttempt(report: report.name, periodStart: period.start, periodEnd: period.end, recipient: recipient,
                                                 succeeded: true, error: nil, channel: transport.channel, messageID: message.messageID, runID: runID)
                return nil
            } catch {
                lastError = error.description
                try? store.recordDeliveryAttempt(report: report.name, periodStart: period.start, periodEnd: period.end, recipient: recipient,
                                                 succeeded: false, error: lastError, channel: transport.channel, messageID: nil, runID: runID)
                if !error.transient { break }
            }
        }
        return lastError
    }
}

extension SavedReportConfig {
    /// Decodes and validates the original's saved-report JSON; the error names the field.
    public static func decode(_ json: String) throws(ReportRequestError) -> SavedReportConfig {
        let report: SavedReportConfig
        do {
            report = try JSONDecoder().decode(SavedReportConfig.self, from: Data(json.utf8))
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReportRequestError(field: (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."), message: "required")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ReportRequestError(field: context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."),
                                     message: context.debugDescription)
        } catch {
            throw ReportRequestError(field: "(json)", message: "not valid JSON: \(error.localizedDescription)")
        }
        try report.validate()
        return report
    }
}
