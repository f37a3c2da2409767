import Delivery
import Foundation
import Model
import Testing

/// The ready saved reports of `reports templates` and `reports save --template`.
@Suite("saved report templates", .serialized)
struct SavedReportTemplateTests {
    let temp = TemporaryDirectory()

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let environment = ProcessInfo.processInfo.environment.filter { !["DATABASE_PATH", "REPORT_STORAGE_PATH", "SMTP_URL"].contains($0.key) }
        let (status, out, err) = try runProcess(try BuildNotificationCLITests.executable(), arguments, environment: environment)
        return (status, out, err)
    }

    @Test("the four templates the issue asks for exist, each a valid scheduled report once it has recipients")
    func libraryTemplates() throws {
        let names = SavedReportTemplate.all.map(\.config.name)
        for wanted in ["Daily operations digest", "Weekly executive summary", "Monthly business review", "Error digest"] {
            #expect(names.contains(wanted), "\(wanted) missing")
        }
        for template in SavedReportTemplate.all {
            #expect(throws: ReportRequestError.self) { try template.report(recipients: []) }  // scheduled: needs someone
            let report = try template.report(recipients: ["ops@example.com"])
            #expect(try SavedReportConfig.decode(try report.json()) == report)
            #expect(try report.cronSchedule() != nil)
        }
        #expect(SavedReportTemplate.named("Error Digest")?.config.reportType == "error_analysis")
        #expect(SavedReportTemplate.named("monthly_business_review")?.config.reportType == "business_intelligence")
        #expect(SavedReportTemplate.named("weekly") == nil)
    }

    @Test("the schedules fire when their names say: 07:00 daily, Monday 08:00, the 1st of the month")
    func schedules() throws {
        let utc = try ZoneCalendar(identifier: "UTC")
        func next(_ id: String, after: String) throws -> Int64? {
            try #require(SavedReportTemplate.named(id)).report(recipients: ["a@example.com"]).cronSchedule()?
                .nextFiring(after: Fixtures.ms(after), calendar: utc)
        }
        // 2026-11-28 is a Saturday.
        #expect(try next("daily-operations-digest", after: "2026-11-28T07:00:00Z") == Fixtures.ms("2026-11-29T07:00:00Z"))
        #expect(try next("weekly-executive-summary", after: "2026-11-28T07:00:00Z") == Fixtures.ms("2026-11-30T08:00:00Z"))
        #expect(try next("monthly-business-review", after: "2026-11-28T07:00:00Z") == Fixtures.ms("2026-12-01T00:00:00Z"))
        #expect(try next("error-digest", after: "2026-11-28T06:59:00Z") == Fixtures.ms("2026-11-28T07:00:00Z"))
    }

    @Test("reports templates lists them; save --template stores one with the recipients, and deliver sends it")
    func commandLine() throws {
        _ = try Fixtures.store(temp.path("analytics.db"))
        let db = ["--db", temp.path("analytics.db")]
        let listed = try run(["reports", "templates"])
        #expect(listed.status == 0)
        for id in ["daily-operations-digest", "weekly-executive-summary", "monthly-business-review", "error-digest"] {
            #expect(listed.stdout.contains(id + "\t"), "\(id) not listed")
        }

        let saved = try run(["reports", "save", "--template", "error-digest", "--recipients", "a@example.com, b@example.com"] + db)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("saved report \"Error digest\" (0 7 * * * → 2 recipients)"))
        let stored = try run(["reports", "list", "--json"] + db)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(stored.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["report_type"] as? String == "error_analysis")
        #expect(list.first?["recipients"] as? [String] == ["a@example.com", "b@example.com"])

        // The period [11-27T07:00Z, 11-28T07:00Z) ended 1.5 h before: sent (marked partial) to both.
        let outbox = temp.path("outbox")
        let delivered = try run(["deliver", "--outbox", outbox, "--as-of", "2026-11-28T08:30:00Z"] + db)
        #expect(delivered.status == 0, "\(delivered.stderr)")
        let messages = try parseMessages(in: outbox, temp: temp)
        #expect(messages.map(\.to).sorted() == ["a@example.com", "b@example.com"])
        #expect(messages.first?.subject.contains("Error digest") == true)
        #expect(messages.first?.attachments.map(\.filename) == ["error_analysis-1d-2026-11-28.pdf", "error_analysis-1d-2026-11-28.csv"])
    }

    @Test("a bad recipient, an unknown template or a template without recipients is refused, naming the fault")
    func refusals() throws {
        let db = ["--db", temp.path("analytics.db")]
        let bad = try run(["reports", "save", "--template", "error-digest", "--recipients", "ops@example.com,nobody"] + db)
        #expect(bad.status != 0 && bad.stderr.contains("recipients[1]"), "\(bad.stderr)")
        let unknown = try run(["reports", "save", "--template", "hourly-everything", "--recipients", "ops@example.com"] + db)
        #expect(unknown.status != 0 && unknown.stderr.contains("daily-operations-digest"), "\(unknown.stderr)")
        let none = try run(["reports", "save", "--template", "error-digest"] + db)
        #expect(none.status != 0 && none.stderr.contains("--recipients"), "\(none.stderr)")
        #expect(try run(["reports", "list", "--json"] + db).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}
