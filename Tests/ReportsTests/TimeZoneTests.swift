import Foundation
import Model
import Reports
import Testing

@Suite("Time zones and buckets")
struct TimeZoneTests {
    @Test("hourly buckets in Asia/Kolkata start on the half hour UTC", arguments: Backend.allCases)
    func kolkataHours(backend: Backend) throws {
        let fixture = try ReportFixture(zone: "Asia/Kolkata", backend: backend)
        try fixture.add([
            ReportFixture.other("page_view", "2026-11-27T00:10:00Z"),  // 05:40 IST
            ReportFixture.other("page_view", "2026-11-27T18:29:00Z"),  // 23:59 IST
            ReportFixture.other("page_view", "2026-11-27T18:30:00Z"),  // 00:00 IST next day
        ])
        let data = try fixture.data(.processingPerformance, .days(1), asOf: "2026-11-28T00:00:00Z")
        let dates = (data["time_series"] as? [[String: Any]])?.compactMap { $0["date"] as? String }
        #expect(dates == ["2026-11-27T05:00:00+05:30", "2026-11-27T23:00:00+05:30", "2026-11-28T00:00:00+05:30"])
    }

    @Test("Berlin's 25-hour day on 2026-10-25 is one daily bucket and repeats 02:00 hourly", arguments: Backend.allCases)
    func berlinFallBack(backend: Backend) throws {
        let fixture = try ReportFixture(zone: "Europe/Berlin", backend: backend)
        try fixture.add([
            ReportFixture.other("page_view", "2026-10-24T22:30:00Z"),  // 00:30 CEST on the 25th
            ReportFixture.other("page_view", "2026-10-25T00:30:00Z"),  // 02:30 CEST
            ReportFixture.other("page_view", "2026-10-25T01:30:00Z"),  // 02:30 CET
            ReportFixture.other("page_view", "2026-10-25T22:30:00Z"),  // 23:30 CET on the 25th
            ReportFixture.other("page_view", "2026-10-25T23:00:00Z"),  // 00:00 on the 26th
        ])
        let daily = try fixture.data(
            .processingPerformance,
            .explicit(from: ReportFixture.time("2026-10-20T00:00:00Z"), to: ReportFixture.time("2026-10-30T00:00:00Z")),
            asOf: "2026-10-30T00:00:00Z")
        let days = (daily["time_series"] as? [[String: Any]])?.map { "\($0["date"]!)=\($0["count"]!)" }
        #expect(days == ["2026-10-25=4", "2026-10-26=1"])
        let hourly = try fixture.data(
            .processingPerformance,
            .explicit(from: ReportFixture.time("2026-10-25T00:00:00Z"), to: ReportFixture.time("2026-10-26T00:00:00Z")),
            asOf: "2026-10-26T00:00:00Z")
        let hours = (hourly["time_series"] as? [[String: Any]])?.compactMap { $0["date"] as? String }
        // 23:00Z is midnight of the 26th in Berlin but still inside [10-25T00:00Z, 10-26T00:00Z).
        #expect(hours == [
            "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T23:00:00+01:00", "2026-10-26T00:00:00+01:00",
        ])
    }
}
