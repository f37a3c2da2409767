internal import Foundation
public import Reports
internal import Model

/// The email sent to `alerts.email` when alert states change in a build.
enum AlertMail {
    static func content(_ changes: [AlertTransition], range: String, link: String?, siteTitle: String) -> ReportMail.Content {
        let worst = changes.map(\.level).max() ?? .ok
        let subject = "\(siteTitle): " + (worst == .ok
            ? "\(changes.count == 1 ? "alert" : "\(changes.count) alerts") resolved"
            : "\(worst.rawValue.uppercased()) – " + changes.filter { $0.level != .ok }.map { "\($0.metric.title) (\($0.scope))" }.joined(separator: ", "))
        let lines = changes.map { "\($0.previousLevel.rawValue) → \($0.level.rawValue): \($0.message)" }
        var text = lines.joined(separator: "\n") + "\n"
        if let link { text += "\nSummary page: \(link)\n" }
        text += "\n-- \n\(siteTitle)\n"
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>\(HTMLText.escape(subject))</title></head>"
        html += "<body style=\"font-family:sans-serif;color:#222\"><ul>"
        html += lines.map { "<li>\(HTMLText.escape($0))</li>" }.joined()
        html += "</ul>"
        if let link { html += "<p><a href=\"\(HTMLText.escape(link))\">Summary page</a></p>" }
        html += "<p style=\"color:#666\">\(HTMLText.escape(siteTitle)) · last \(HTMLText.escape(range))</p></body></html>"
        return ReportMail.Content(subject: subject, text: text, html: html)
    }
}
