import Delivery
import Foundation
import Model
import Store
import Testing

/// A saved report whose name tries to add mail headers (CR LF, `Bcc:`), as a client of
/// `POST /api/analytics/reports/save` could send it: the message keeps one Subject and gains no
/// header; its attachments are named from the report type, never from the name.
@Suite("names that try to add mail headers")
struct HeaderInjectionTests {
    let temp = TemporaryDirectory()

    @Test("a report named with CR LF and Bcc: one Subject, no Bcc or X-Evil header, attachments named safely")
    func reportName() throws {
        let store = try Fixtures.store(temp.path("analytics.db"))
        let name = "Weekly\r\nBcc: evil@example.com\r\nX-Evil: 1\nContent-Type: text/html"
        let report = SavedReportConfig(name: name, reportType: "processing_performance", schedule: "@daily",
                                       recipients: ["alice@example.com"], format: "pdf,csv")
        try report.validate()  // CR LF in a name is allowed: it is text, neutralised where it is used
        let (summary, outbox) = try deliverToOutbox(report, store: store, temp: temp)
        #expect(summary.failures == [])
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox)
        try #require(files.count == 1)
        let raw = try String(contentsOfFile: outbox + "/" + files[0], encoding: .utf8)
        let head = try #require(raw.components(separatedBy: "\r\n\r\n").first)
        let fields = head.components(separatedBy: "\r\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
            .map { $0.prefix { $0 != ":" }.lowercased() }
        #expect(!fields.contains("bcc") && !fields.contains("x-evil"))
        #expect(fields.filter { $0 == "subject" }.count == 1)
        #expect(fields.filter { $0 == "content-type" }.count == 1)
        // Python's email parser reads it without defects, with the recipient as given.
        let messages = try parseMessages(in: outbox, temp: temp)
        try #require(messages.count == 1)
        #expect(messages[0].defects == 0)
        #expect(messages[0].to == "alice@example.com")
        #expect(messages[0].subject.contains("Weekly") && !messages[0].subject.contains("\n"))
        #expect(messages[0].attachments.map(\.filename).allSatisfy { $0.hasPrefix("processing_performance-") })
    }
}
