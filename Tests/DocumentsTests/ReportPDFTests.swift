import Charts
import Documents
import Foundation
import Model
import Reports
import Testing

@Suite("PDF documents")
struct ReportPDFTests {
    @Test("an A4 processing report has the A4 page size, its metadata and a page count")
    func a4Metadata() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        let path = try fixture.pdf(try fixture.document(.processingPerformance))
        let info = try pdfInfo(path)
        #expect(info["Page size"]?.hasPrefix("595.28 x 841.89 pts") == true, "\(info["Page size"] ?? "none")")
        #expect(info["Title"] == "Processing performance — Last 7 days")
        #expect(info["Creator"] == "ESpice Analytics")
        #expect(info["Subject"]?.hasPrefix("processing_performance report") == true)
        // Creation date = the report's as-of, so the same input gives the same bytes.
        #expect(info["CreationDate"]?.hasPrefix("2026-11-28T00:00:00") == true, "\(info["CreationDate"] ?? "none")")
        // Cover, summary, charts (timeline + gauges), tables (summary, service breakdown, time series).
        let pages = try #require(Int(info["Pages"] ?? ""))
        #expect(pages >= 4 && pages <= 8, "\(pages) pages")
        #expect(try pdfPages(path).count == pages)
    }

    @Test("Letter paper is 612 x 792 points and the site title is configurable")
    func letter() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        let path = try fixture.pdf(try fixture.document(.processingPerformance), options: PDFOptions(siteTitle: "Acme Insights", paper: .letter))
        let info = try pdfInfo(path)
        #expect(info["Page size"]?.hasPrefix("612 x 792 pts") == true, "\(info["Page size"] ?? "none")")
        #expect(info["Creator"] == "Acme Insights")
        let text = try pdfPages(path)
        #expect(text[0].contains("Acme Insights"))
        #expect(text[1].contains("Acme Insights"), "the page header names the site")
    }

    @Test("every font is embedded")
    func fontsEmbedded() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addUsers()
        let path = try fixture.pdf(try fixture.document(.userActivity))
        let out = try run("pdffonts", [path])
        let rows = out.output.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows {
            // Columns: name type encoding emb sub uni object ID; "emb" must be yes.
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count >= 7 && fields[fields.count - 5] == "yes", "not embedded: \(row)")
        }
        #expect(out.output.contains("DejaVuSans"))
        #expect(out.output.contains("NotoSansCJK"), "the CJK user name needs a CJK font")
    }

    @Test("every KPI of the JSON is printed, with the previous period, change and state")
    func kpis() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        let document = try fixture.document(.processingPerformance)
        let pages = try pdfPages(try fixture.pdf(document))
        let summary = pages[1]
        // By hand: 1,200 processed and 300 errors → success 80 %, error rate 20 %, mean 300 ms;
        // previous 900 and 100 → 90 %, 10 %, 240 ms.
        let json = try #require(JSONSerialization.jsonObject(with: try document.json()) as? [String: Any])
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["total_processed"] as? Int == 1200)
        #expect(data["success_rate"] as? Double == 80)
        for figure in ["1,200", "300", "80.00%", "300.00 ms", "20.00%", "900", "100", "90.00%", "240.00 ms", "10.00%"] {
            #expect(summary.contains(figure), "summary lacks \(figure)")
        }
        // Changes: 1200/900 − 1 = +33.33 %, 300/100 − 1 = +200 %, 80/90 − 1 = −11.11 %, 300/240 − 1 = +25 %, 20/10 − 1 = +100 %.
        for change in ["+33.33%", "+200.00%", "−11.11%", "+25.00%", "+100.00%"] {
            #expect(summary.contains(change), "summary lacks the change \(change)")
        }
        // 80 % < 90 % and 20 % > 10 %: both critical; baseline 240 ms, p95 500 ms: breach.
        #expect(summary.contains("Critical"))
        #expect(summary.contains("exceeds the baseline 240.00 ms"))
        #expect(summary.contains("Recommendations"))
    }

    @Test("a 600-user table prints every user id, with the header repeated on each page")
    func usersTable() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addUsers()
        let pages = try pdfPages(try fixture.pdf(try fixture.document(.userActivity)))
        let all = pages.joined(separator: "\n")
        for user in DocumentFixture.userIDs {
            #expect(all.contains(user), "missing user \(user)")
        }
        // The pages of the users table: where it starts and every continuation.
        let usersPages = pages.filter { $0.contains("Users (continued)") || $0.range(of: "\n *Users +600 rows", options: .regularExpression) != nil }
        #expect(usersPages.count >= 10, "600 rows take many pages, got \(usersPages.count)")
        for page in usersPages {
            #expect(page.range(of: "User ID +Activity count +First seen +Last seen", options: .regularExpression) != nil,
                    "a users page lacks the header row")
        }
        // Page numbers: the last page says "Page N of N".
        #expect(pages.last?.contains("Page \(pages.count) of \(pages.count)") == true)
        #expect(pages[0].contains("Page 1 of \(pages.count)"))
    }

    @Test("the same input gives the same bytes")
    func deterministic() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        try fixture.addUsers()
        for type in [ReportType.processingPerformance, .userActivity, .errorAnalysis, .businessIntelligence] {
            let document = try fixture.document(type)
            let first = try ReportPDF.render(document, options: PDFOptions())
            let second = try ReportPDF.render(document, options: PDFOptions())
            #expect(first == second, "\(type) differs between two renders")
            #expect(first.starts(with: Data("%PDF-".utf8)))
        }
    }

    @Test("bookmarks name each section and each table")
    func outline() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addProcessingEvents()
        let data = try ReportPDF.render(try fixture.document(.processingPerformance), options: PDFOptions())
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("/Outlines"))
        for title in ["Executive summary", "Charts", "Tables", "Service breakdown", "Time series"] {
            #expect(text.contains("(\(title))"), "no bookmark \(title)")
        }
    }

    @Test("an empty period still gives a complete document")
    func emptyPeriod() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        for type in ReportType.allCases {
            let pages = try pdfPages(try fixture.pdf(try fixture.document(type), name: "\(type.rawValue).pdf"))
            #expect(pages.count >= 3)
            #expect(pages.joined().contains("No rows in this period."))
        }
    }

    @Test("a missing logo is an error that names the file")
    func missingLogo() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        #expect(throws: DocumentsError.self) {
            try ReportPDF.render(try fixture.document(.userActivity), options: PDFOptions(logoPath: "/nonexistent/logo.png"))
        }
    }
}

@Suite("Row limit")
struct RowLimitTests {
    @Test("maxTableRows prints the first rows of long tables and says how many were left out")
    func limit() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addUsers()
        let document = try fixture.document(.userActivity)
        let pages = try pdfPages(try fixture.pdf(document, options: PDFOptions(maxTableRows: 50)))
        let all = pages.joined(separator: "\n")
        // 600 users, 50 printed: 550 left out; user_activity has 602 user-days (two users on two days): 552.
        #expect(all.contains("550 more rows are left out"))
        #expect(all.contains("552 more rows are left out"))
        #expect(!all.contains("user-0100"))
        #expect(pages.count < 12)
    }

    @Test("by default a table prints 5,000 rows: 5,040 users leave 40 of each user table out, in about 110 pages a table")
    func standardLimit() throws {
        let fixture = try DocumentFixture()
        defer { fixture.remove() }
        try fixture.addReaders(5_040)
        let document = try fixture.document(.userActivity)
        let pages = try pdfPages(try fixture.pdf(document))
        let all = pages.joined(separator: "\n")
        // One event per user on one day: 5,040 user-day rows and 5,040 users, 40 left out of each.
        #expect(all.components(separatedBy: "40 more rows are left out").count - 1 == 2)
        #expect(all.contains("up to 5,000 rows each"))
        // 5,000 rows at most ~50 a page, for two tables, plus the cover, summary and charts.
        #expect(pages.count > 200 && pages.count < 260, "\(pages.count) pages")
        // Asked for every row, the same document has them all and no note.
        let full = try pdfPages(try fixture.pdf(document, options: PDFOptions(maxTableRows: nil), name: "full.pdf")).joined(separator: "\n")
        #expect(!full.contains("more rows are left out"))
        #expect(full.contains("reader-05040"))
    }
}
