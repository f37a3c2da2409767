import ArgumentParser
import Delivery
import Foundation
import Model
import Store

/// `espice-analytics deliver`: email every saved report whose period is due, once per period.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Email every due saved report (once per period and recipient; see docs/delivery.md).",
        discussion: """
            Evaluates each saved report's schedule in the configured time zone at --as-of (default
            now) and sends the period that ended at the last firing to each recipient that has not
            had it yet; missed runs are caught up once. Exit status: 0 all sent (or nothing due),
            1 a delivery failed (recorded, retried by the next run).

            Examples:
              SMTP_URL=smtp://mail.example.com:587 SMTP_FROM=reports@example.com espice-analytics deliver
              espice-analytics deliver --outbox /tmp/outbox --as-of 2026-11-28T06:00:00Z
              espice-analytics deliver --resend "Weekly processing" --period 2026-11-28
            """
    )

    @OptionGroup var common: CommonOptions
    @Option(name: .customLong("as-of"), help: "Evaluate schedules at this instant (default: now).") var asOf: String?
    @Option(help: ArgumentHelp("Write .eml files into DIR instead of sending (recorded as delivered).", valueName: "DIR"))
    var outbox: String?
    @Flag(name: .customLong("dry-run"), help: "List what would be sent; send and record nothing.") var dryRun = false
    @Option(help: ArgumentHelp("Send this saved report again on purpose (with --period).", valueName: "NAME")) var resend: String?
    @Option(help: ArgumentHelp("With --resend: the period ending at the last firing at or before T (a date means the end of that local day).", valueName: "T"))
    var period: String?
    @Flag(help: "Print the outcome as JSON.") var json = false

    func validate() throws {
        if (resend == nil) != (period == nil) { throw ValidationError("--resend and --period go together.") }
    }

    func run() async throws {
        let resolved = try common.resolve()
        let config = try await CommonOptions.readable(resolved, logger: LoggingSetup.logger(level: resolved.logLevel))
        let summary = try DeliveryRunner.run(
            config: config, asOf: asOf, outbox: outbox, dryRun: dryRun, resend: resend, period: period)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            DeliveryRunner.print(summary)
        }
        if summary.failed { throw ExitCode(1) }
    }
}

/// Shared by `deliver` and `build --deliver`.
enum DeliveryRunner {
    static func run(config: AnalyticsConfig, asOf: String?, outbox: String?, dryRun: Bool, resend: String?, period: String?) throws -> DeliverySummary {
        let instant = try asOf.map { try Formatting.instant($0, option: "--as-of") } ?? Int64(Date().timeIntervalSince1970 * 1000)
        var options = DeliveryOptions(asOf: instant)
        options.dryRun = dryRun
        if let resend, let period {
            options.resend = (resend, try periodInstant(period, zone: config.timeZone))
        }
        let store = try AnalyticsStore(path: config.databasePath, logger: LoggingSetup.logger(level: config.logLevel))
        var transport: (any MailTransport)?
        if let outbox {
            transport = try OutboxTransport(directory: outbox)
        } else if !dryRun, config.delivery.smtp.url != nil {
            transport = try SMTPTransport(settings: config.delivery.smtp)
        }
        return Deliverer(store: store, config: config, transport: transport).run(options)
    }

    /// `2026-11-28` → the last millisecond of that local day; an ISO instant as is.
    static func periodInstant(_ text: String, zone: String) throws -> Int64 {
        if text.count == 10, let date = Timestamp.parse(text + "T00:00:00Z") {
            let calendar = try ZoneCalendar(identifier: zone)
            let day = Int(date / 86_400_000)
            return calendar.startOfDay(day + 1) - 1
        }
        return try Formatting.instant(text, option: "--period")
    }

    static func print(_ summary: DeliverySummary) {
        for outcome in summary.outcomes {
            let who = outcome.recipient.map { " → \($0)" } ?? ""
            Swift.print("\(outcome.status)\t\(outcome.report)\(who)\t\(outcome.period)" + (outcome.detail.map { "\t\($0)" } ?? ""))
        }
        if summary.outcomes.isEmpty { Swift.print("nothing due") }
        for failure in summary.failures { printError("delivery failed: \(failure)") }
    }
}
