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
            #expect(try spool.attachments().map { String(decoding: $0.data, as: UTF8.self) } == ["abc", "hello"])
            #expect(spool.files.map(\.filename) == ["a.csv", "b.json"])
        }
        let removed = try #require(directory)
        #expect(!FileManager.default.fileExists(atPath: removed.path))
    }
}
