import Delivery
import Foundation
import Model
import Testing

@Suite("cron schedules")
struct CronScheduleTests {
    let berlin = try! ZoneCalendar(identifier: "Europe/Berlin")
    let utc = ZoneCalendar.utc

    func ms(_ text: String) -> Int64 { Timestamp.parse(text)! }

    @Test("a bad expression names the field and the reason")
    func parseErrors() {
        #expect(throws: CronError.self) { try CronSchedule.parse("61 * * * *") }
        do {
            _ = try CronSchedule.parse("61 * * * *")
        } catch {
            #expect(error.description == "minute field \"61\": 61 is out of range 0–59")
        }
        do { _ = try CronSchedule.parse("0 0 * *") } catch { #expect(error.description.hasPrefix("expected 5 fields")) }
        do { _ = try CronSchedule.parse("*/0 * * * *") } catch { #expect(error.description.contains("step")) }
        do { _ = try CronSchedule.parse("0 0 31 2 *") } catch { #expect(error.description.hasPrefix("never fires")) }
        do { _ = try CronSchedule.parse("@fortnightly") } catch { #expect(error.description.contains("unknown macro")) }
        #expect((try? CronSchedule.parse("*/15 9-17 * jan-dec mon-fri")) != nil)
    }

    @Test("a saved report with a bad schedule is refused naming the schedule field")
    func savedReportValidation() {
        let report = SavedReportConfig(name: "r", reportType: "processing_performance", schedule: "0 25 * * *", recipients: ["a@example.com"])
        do {
            try report.validate()
            Issue.record("accepted")
        } catch {
            #expect(error.field == "schedule")
            #expect(error.message.contains("hour field \"25\""))
        }
        let badRecipient = SavedReportConfig(name: "r", reportType: "processing_performance", schedule: "@daily", recipients: ["a@example.com", "nope"])
        #expect(throws: ReportRequestError(field: "recipients[1]", message: "not an email address: \"nope\"")) { try badRecipient.validate() }
        let badType = SavedReportConfig(name: "r", reportType: "sales", schedule: nil)
        do { try badType.validate() } catch { #expect(error.field == "report_type") }
        let badFormat = SavedReportConfig(name: "r", reportType: "error_analysis", schedule: "@weekly", recipients: ["a@b.io"], format: "pdf,docx")
        do { try badFormat.validate() } catch { #expect(error.field == "format") }
        let badRange = SavedReportConfig(name: "r", reportType: "error_analysis", parameters: .init(timeRange: "2w"))
        do { try badRange.validate() } catch { #expect(error.field == "parameters.time_range") }
    }

    @Test("@daily in Berlin fires at local midnight, and the periods around DST are 23 and 25 hours")
    func dailyAcrossDST() throws {
        let daily = try CronSchedule.parse("@daily")
        // 2026-03-29 00:00 CET = 2026-03-28T23:00Z; the clocks go forward at 02:00 that night.
        #expect(daily.previousFiring(atOrBefore: ms("2026-03-29T12:00:00Z"), calendar: berlin) == ms("2026-03-28T23:00:00Z"))
        #expect(daily.nextFiring(after: ms("2026-03-29T12:00:00Z"), calendar: berlin) == ms("2026-03-29T22:00:00Z"))
        let report = SavedReportConfig(name: "d", reportType: "processing_performance", schedule: "@daily", recipients: ["a@b.io"])
        let spring = try #require(DuePeriod.at(ms("2026-03-30T06:00:00Z"), report: report, schedule: daily, calendar: berlin, earliestEvent: nil))
        #expect(spring.start == ms("2026-03-28T23:00:00Z"))
        #expect(spring.end == ms("2026-03-29T22:00:00Z"))
        #expect(spring.end - spring.start == 23 * 3_600_000)
        #expect(spring.label == "1d")
        #expect(spring.localDays(berlin) == ("2026-03-29", "2026-03-29"))
        let autumn = try #require(DuePeriod.at(ms("2026-10-26T06:00:00Z"), report: report, schedule: daily, calendar: berlin, earliestEvent: nil))
        #expect(autumn.start == ms("2026-10-24T22:00:00Z"))
        #expect(autumn.end == ms("2026-10-25T23:00:00Z"))
        #expect(autumn.end - autumn.start == 25 * 3_600_000)
    }

    @Test("a wall time in the spring gap fires after it; one in the autumn overlap fires once, first")
    func gapAndOverlap() throws {
        let twoThirty = try CronSchedule.parse("30 2 * * *")
        // 02:30 does not exist on 2026-03-29 in Berlin: 03:30 CEST = 01:30Z.
        #expect(twoThirty.previousFiring(atOrBefore: ms("2026-03-29T12:00:00Z"), calendar: berlin) == ms("2026-03-29T01:30:00Z"))
        // 02:30 happens twice on 2026-10-25: 00:30Z (CEST) and 01:30Z (CET); only the first fires.
        #expect(twoThirty.previousFiring(atOrBefore: ms("2026-10-25T12:00:00Z"), calendar: berlin) == ms("2026-10-25T00:30:00Z"))
        #expect(twoThirty.nextFiring(after: ms("2026-10-25T00:30:00Z"), calendar: berlin) == ms("2026-10-26T01:30:00Z"))
    }

    @Test("weekly, monthly, weekday ranges and the day-of-month OR day-of-week rule")
    func otherSchedules() throws {
        // 2026-11-28 is a Saturday.
        let weekly = try CronSchedule.parse("@weekly")
        #expect(weekly.previousFiring(atOrBefore: ms("2026-11-28T12:00:00Z"), calendar: utc) == ms("2026-11-22T00:00:00Z"))
        let monthly = try CronSchedule.parse("@monthly")
        let report = SavedReportConfig(name: "m", reportType: "processing_performance", schedule: "@monthly", recipients: ["a@b.io"])
        let period = try #require(DuePeriod.at(ms("2026-11-28T12:00:00Z"), report: report, schedule: monthly, calendar: berlin, earliestEvent: nil))
        #expect(period.start == ms("2026-09-30T22:00:00Z"))  // 1 October 00:00 CEST
        #expect(period.end == ms("2026-10-31T23:00:00Z"))    // 1 November 00:00 CET
        #expect(period.localDays(berlin) == ("2026-10-01", "2026-10-31"))
        let office = try CronSchedule.parse("*/15 9-17 * * mon-fri")
        #expect(office.nextFiring(after: ms("2026-11-28T12:00:00Z"), calendar: utc) == ms("2026-11-30T09:00:00Z"))
        let either = try CronSchedule.parse("0 0 13 * 5")  // the 13th or a Friday
        #expect(either.previousFiring(atOrBefore: ms("2026-11-28T12:00:00Z"), calendar: utc) == ms("2026-11-27T00:00:00Z"))
        #expect(either.previousFiring(atOrBefore: ms("2026-11-13T12:00:00Z"), calendar: utc) == ms("2026-11-13T00:00:00Z"))
    }

    @Test("a 7d range ends at the firing and starts seven local days earlier at the same wall time")
    func sevenDaysAcrossDST() throws {
        let daily = try CronSchedule.parse("@daily")
        let report = SavedReportConfig(name: "w", reportType: "processing_performance", parameters: .init(timeRange: "7d"),
                                       schedule: "@daily", recipients: ["a@b.io"])
        let period = try #require(DuePeriod.at(ms("2026-03-30T06:00:00Z"), report: report, schedule: daily, calendar: berlin, earliestEvent: nil))
        #expect(period.end == ms("2026-03-29T22:00:00Z"))
        #expect(period.start == ms("2026-03-22T23:00:00Z"))
        #expect(period.label == "7d")
        #expect(period.endDate(berlin) == "2026-03-30")
    }
}

@Suite("signatures and MIME")
struct SignatureTests {
    @Test("webhook signatures match the RFC 4231 HMAC-SHA256 test vectors")
    func vectors() {
        // RFC 4231 test case 2.
        let body = Data("what do ya want for nothing?".utf8)
        #expect(WebhookSender.signature(body: body, secret: "Jefe")
                == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // RFC 4231 test case 6 uses a binary key; with a text key longer than the block, the key
        // is hashed first (the value below from Python's hmac module).
        let long = String(repeating: "k", count: 131)
        #expect(WebhookSender.signature(body: Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8), secret: long)
                == "sha256=70e4b005732fa7ff79392aa24fb240159b925dbc9f1398420c0f45e6763dcf14")
    }

    @Test("non-ASCII subjects become RFC 2047 words and never carry a line break")
    func headers() {
        #expect(MIME.encodeHeader("Weekly report") == "Weekly report")
        let encoded = MIME.encodeHeader("Wöchentlicher Bericht")
        #expect(encoded.hasPrefix("=?utf-8?B?"))
        #expect(MIME.encodeHeader("a\r\nBcc: x@y.z") == "a  Bcc: x@y.z")
    }
}
