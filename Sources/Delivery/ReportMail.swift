public import Model
public import Reports
internal import Foundation

/// The words of a report email: subject, KPIs, recommendations, plain text and HTML.
public enum ReportMail {
    public static func kpis(_ data: ReportData) -> [(String, String)] {
        func number(_ value: Double?, _ unit: String = "") -> String {
            guard let value else { return "—" }
            return String(format: value.rounded() == value && abs(value) < 1e12 ? "%.0f" : "%.1f", value) + unit
        }
        switch data {
        case .processingPerformance(let r):
            return [("Documents processed", "\(r.totalProcessed)"), ("Success rate", number(r.successRate, "%")),
                    ("Avg processing time", number(r.processingTime.mean, " ms")), ("p95 processing time", number(r.processingTime.p95, " ms")),
                    ("Errors", "\(r.totalErrors)")]
        case .businessIntelligence(let r):
            return [("Models generated", "\(r.totalModelsGenerated)"),
                    ("Top device type", r.deviceTypes.first.map { $0.deviceType ?? "unknown" } ?? "—"),
                    ("Avg parameters extracted", number(r.parametersExtracted.mean))]
        case .errorAnalysis(let r):
            return [("Errors", "\(r.totalErrors)"),
                    ("Most common", r.mostCommonError.map { "\($0.errorType ?? "untyped") · \($0.service ?? "unattributed")" } ?? "—"),
                    ("Root causes found", "\(r.rootCauses.count)")]
        case .userActivity(let r):
            return [("Active users", "\(r.activeUsers)"), ("Activities", "\(r.totalActivities)"), ("New users", "\(r.newUsers)")]
        }
    }

    public static func recommendations(_ data: ReportData) -> [String] {
        if case .errorAnalysis(let r) = data { return r.recommendations }
        return []
    }

    public struct Content: Sendable {
        public var subject: String
        public var text: String
        public var html: String
    }

    /// `period` is the local first and last day, e.g. ("2026-11-21", "2026-11-27").
    public static func content(
        report: SavedReportConfig, type: ReportType, data: ReportData, period: (String, String), partialAsOf: String?,
        link: String?, linkedAttachments: [String], siteTitle: String
    ) -> Content {
        let days = period.0 == period.1 ? period.0 : "\(period.0) – \(period.1)"
        let subject = "\(report.name): \(type.title), \(days)" + (partialAsOf == nil ? "" : " (partial)")
        let kpis = kpis(data)
        let advice = recommendations(data)
        var text = "\(report.name)\n\(type.title) · \(days)\n"
        if let description = report.description, !description.isEmpty { text += "\n\(description)\n" }
        if let partialAsOf { text += "\nPartial: data as of \(partialAsOf) (ingest had not caught up with the end of the period).\n" }
        text += "\n" + kpis.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n"
        if !advice.isEmpty { text += "\nRecommendations:\n" + advice.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        let whereToFind = link == nil ? "they are left out of this message" : "download them from the report page"
        if !linkedAttachments.isEmpty {
            text += "\nToo large to attach: \(linkedAttachments.joined(separator: ", ")); \(whereToFind).\n"
        }
        if let link { text += "\nReport page: \(link)\n" }
        text += "\n-- \n\(siteTitle)\n"

        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>\(HTMLText.escape(subject))</title></head>"
        html += "<body style=\"font-family:sans-serif;color:#222\"><h1 style=\"font-size:20px\">\(HTMLText.escape(report.name))</h1>"
        html += "<p>\(HTMLText.escape(type.title)) · \(HTMLText.escape(days))</p>"
        if let description = report.description, !description.isEmpty { html += "<p>\(HTMLText.escape(description))</p>" }
        if let partialAsOf { html += "<p><strong>Partial:</strong> data as of \(HTMLText.escape(partialAsOf)).</p>" }
        html += "<table style=\"border-collapse:collapse\">"
        for (label, value) in kpis {
            html += "<tr><th style=\"text-align:left;padding:4px 12px 4px 0\">\(HTMLText.escape(label))</th><td style=\"padding:4px 0\">\(HTMLText.escape(value))</td></tr>"
        }
        html += "</table>"
        if !advice.isEmpty { html += "<h2 style=\"font-size:16px\">Recommendations</h2><ul>" + advice.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>" }
        if !linkedAttachments.isEmpty {
            html += "<p>Too large to attach: \(HTMLText.escape(linkedAttachments.joined(separator: ", "))); \(HTMLText.escape(whereToFind)).</p>"
        }
        if let link { html += "<p><a href=\"\(HTMLText.escape(link))\">Open the report page</a></p>" }
        html += "<p style=\"color:#777\">\(HTMLText.escape(siteTitle))</p></body></html>"
        return Content(subject: subject, text: text, html: html)
    }
}
