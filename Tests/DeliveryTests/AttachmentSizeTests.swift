@testable import Delivery
import Foundation
import Logging
import Model
import Store
import Testing

/// A scheduled user_activity report of a site with many users: the PDF attachment prints each
/// long table's first 5,000 rows and says how many more there are, instead of thousands of
/// pages (the CSV attachment beside it holds every row).
@Suite("the PDF attachment of a report with many users")
struct AttachmentSizeTests {
    let temp = TemporaryDirectory()

    @Test("5,030 users yesterday: the PDF leaves 30 rows of each user table out and the CSV has all 5,030")
    func longTablesCapped() throws {
        let store = try AnalyticsStore(path: temp.path("analytics.db"), logger: Logger(label: "delivery-tests"))
        try store.insert((1...5_030).map { i in
            TrackedEvent(eventType: "feature_used", userId: String(format: "reader-%05d", i), timestamp: Fixtures.ms("2026-11-27T01:00:00Z") + Int64(i) * 1_000)
        })
        let report = SavedReportConfig(name: "Readers", reportType: "user_activity", schedule: "@daily",
                                       recipients: ["alice@example.com"], format: "pdf,csv")
        let (summary, outbox) = try deliverToOutbox(report, store: store, temp: temp)
        #expect(summary.failures == [])
        let messages = try parseMessages(in: outbox, temp: temp)
        try #require(messages.count == 1)
        let attachments = messages[0].attachments
        try #require(attachments.map(\.type) == ["application/pdf", "text/csv"])
        let (status, text, _) = try runProcess(which("pdftotext") ?? "/usr/bin/pdftotext", ["-layout", attachments[0].path, "-"])
        try #require(status == 0)
        // One event per user on one day: 5,030 user-day rows and 5,030 users, 30 left out of each.
        #expect(text.components(separatedBy: "30 more rows are left out").count - 1 == 2)
        #expect(text.contains("up to 5,000 rows each"))
        // The CSV holds every row of both tables: each user once in each.
        let csv = try String(contentsOfFile: attachments[1].path, encoding: .utf8)
        #expect(csv.components(separatedBy: "reader-05030").count - 1 == 2)
    }

    @Test("attachments are rendered to files first: their sizes are known before any is read, and the files go with the spool")
    func spool() throws {
        var directory: URL?
        do {
            let spool = try AttachmentSpool()
            directory = spool.directory
            try spool.add("a.csv", contentType: "text/csv") { try Data("abc".utf8).write(to: URL(fileURLWithPath: $0)) }
            try spool.add("b.json", contentType: "application/json") { try Data("hello".utf8).write(to: URL(fileURLWithPath: $0)) }
            #expect(spool.totalBytes == 8)
            #expect(try spool.attachments(within: .max).attached.map { String(decoding: $0.data, as: UTF8.self) } == ["abc", "hello"])
            #expect(spool.files.map(\.filename) == ["a.csv", "b.json"])
            try spool.add("c.txt", contentType: "text/plain") { try Data("hi".utf8).write(to: URL(fileURLWithPath: $0)) }
            // Within 6 bytes: a (3) fits, b (5) would make 8, c (2) makes 5.
            let (attached, leftOut) = try spool.attachments(within: 6)
            #expect(attached.map(\.filename) == ["a.csv", "c.txt"])
            #expect(leftOut == ["b.json"])
        }
        let removed = try #require(directory)
        #expect(!FileManager.default.fileExists(atPath: removed.path))
    }

    @Test("without base_url an attachment over the limit is left out and named; the PDF that fits still goes")
    func overTheLimitWithoutALink() throws {
        let report = SavedReportConfig(name: "Daily", reportType: "processing_performance", schedule: "@daily",
                                       recipients: ["alice@example.com"], format: "pdf,csv")
        // The sizes of the two attachments, from a first delivery with the default limit.
        let first = TemporaryDirectory()
        let sent = try deliverToOutbox(report, store: try Fixtures.store(first.path("analytics.db")), temp: first)
        #expect(sent.summary.failures == [])
        let whole = try parseMessages(in: sent.outbox, temp: first)
        try #require(whole.count == 1 && whole[0].attachments.count == 2)
        let (pdf, csv) = (whole[0].attachments[0], whole[0].attachments[1])
        // A limit one byte short of both: the PDF (first) fits, the CSV does not.
        let second = TemporaryDirectory()
        let limited = try deliverToOutbox(report, store: try Fixtures.store(second.path("analytics.db")), temp: second) {
            $0.delivery.smtp.attachmentLimitBytes = pdf.size + csv.size - 1
        }
        #expect(limited.summary.failures == [])
        let messages = try parseMessages(in: limited.outbox, temp: second)
        try #require(messages.count == 1)
        #expect(messages[0].attachments.map(\.filename) == [pdf.filename])
        #expect(messages[0].text?.contains("Too large to attach: \(csv.filename); they are left out of this message.") == true)
        #expect(messages[0].html?.contains("Too large to attach: \(csv.filename); they are left out of this message.") == true)
    }
}
