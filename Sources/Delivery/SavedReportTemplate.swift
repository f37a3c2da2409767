public import Model
internal import Foundation

/// A ready saved report: `reports templates` lists them, `reports save --template NAME
/// --recipients …` stores one with the recipients filled in.
///
/// Schedules are wall-clock times in the configured `time_zone`. A template with a
/// `time_range` covers that many days before the firing; one without covers the span since the
/// previous firing (the monthly review: the last calendar month, see docs/delivery.md).
public struct SavedReportTemplate: Sendable, Hashable {
    /// The name given to `--template` (`daily-operations-digest`).
    public let id: String
    /// The saved report it makes, without recipients.
    public let config: SavedReportConfig

    /// Every template, in the order `reports templates` lists them.
    public static let all: [SavedReportTemplate] = [
        SavedReportTemplate(id: "daily-operations-digest", config: SavedReportConfig(
            name: "Daily operations digest",
            description: "Yesterday's throughput, success rate, processing times and busiest services, every morning at 07:00.",
            reportType: "processing_performance", parameters: .init(timeRange: "1d"), schedule: "0 7 * * *", format: "pdf,csv")),
        SavedReportTemplate(id: "weekly-executive-summary", config: SavedReportConfig(
            name: "Weekly executive summary",
            description: "The week's headline figures against the week before, with recommendations, Mondays at 08:00.",
            reportType: "processing_performance", parameters: .init(timeRange: "7d"), schedule: "0 8 * * mon", format: "pdf")),
        SavedReportTemplate(id: "monthly-business-review", config: SavedReportConfig(
            name: "Monthly business review",
            description: "Last calendar month's SPICE models, device types and feature adoption, on the 1st of each month.",
            reportType: "business_intelligence", parameters: .init(), schedule: "@monthly", format: "pdf,xlsx")),
        SavedReportTemplate(id: "error-digest", config: SavedReportConfig(
            name: "Error digest",
            description: "Yesterday's errors by type and service, root causes and recommendations, every morning at 07:00.",
            reportType: "error_analysis", parameters: .init(timeRange: "1d"), schedule: "0 7 * * *", format: "pdf,csv")),
        SavedReportTemplate(id: "weekly-user-activity", config: SavedReportConfig(
            name: "Weekly user activity",
            description: "Active and new users, retention and peak hours of the week, Mondays at 08:00.",
            reportType: "user_activity", parameters: .init(timeRange: "7d"), schedule: "0 8 * * mon", format: "pdf,xlsx")),
    ]

    /// The template with this id or name (case and `-`/`_`/space ignored), nil when none.
    public static func named(_ text: String) -> SavedReportTemplate? {
        let key = Self.key(text)
        return all.first { Self.key($0.id) == key || Self.key($0.config.name) == key }
    }

    private static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { !"-_ ".unicodeScalars.contains($0) })
    }

    /// The saved report for these recipients, validated; `name` replaces the template's name (to
    /// save the same template twice, e.g. for two teams).
    public func report(recipients: [String], name: String? = nil) throws(ReportRequestError) -> SavedReportConfig {
        var report = config
        report.recipients = recipients
        if let name { report.name = name }
        try report.validate()
        return report
    }

    /// `processing_performance · 1d · 0 7 * * * · pdf,csv`: what it sends, over what, when.
    public var summary: String {
        let range = config.parameters?.timeRange ?? "since the previous firing"
        return [config.reportType, range, config.schedule ?? "unscheduled", config.formats.joined(separator: ",")].joined(separator: " · ")
    }
}

extension SavedReportConfig {
    /// The original's JSON for this config (keys sorted, unset fields left out), as `reports
    /// save` stores it.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
