import Foundation
import Model
import Reports
import Testing

/// Which bucket a report marks "(so far)": the one as-of falls inside, in the report's zone.
@Suite("Bucket in progress at as-of")
struct InProgressBucketTests {
    func bucket(_ range: TimeRange, asOf: String, zone: String = "UTC") throws -> String? {
        let fixture = try ReportFixture(zone: zone)
        try fixture.add([ReportFixture.processed("2026-11-20T10:00:00Z", service: "pdf-service", ms: 100)])
        _ = try fixture.engine.refresh()
        let request = ReportRequest(type: .processingPerformance, range: range, asOf: ReportFixture.time(asOf))
        return try fixture.engine.generate(request, generatedAt: 0).inProgressBucket
    }

    @Test("daily buckets: the local day as-of falls in, none at local midnight")
    func daily() throws {
        #expect(try bucket(.days(7), asOf: "2026-11-28T14:30:00Z") == "2026-11-28")
        #expect(try bucket(.days(7), asOf: "2026-11-28T00:00:00Z") == nil)
        // Berlin is UTC+1 in November: 23:30Z is 00:30 on the 28th there, 23:00Z its midnight.
        #expect(try bucket(.days(30), asOf: "2026-11-27T23:30:00Z", zone: "Europe/Berlin") == "2026-11-28")
        #expect(try bucket(.days(30), asOf: "2026-11-27T23:00:00Z", zone: "Europe/Berlin") == nil)
    }

    @Test("hourly buckets (1d): the hour as-of falls in, none on the hour")
    func hourly() throws {
        #expect(try bucket(.days(1), asOf: "2026-11-28T14:30:00Z") == "2026-11-28T14:00:00Z")
        #expect(try bucket(.days(1), asOf: "2026-11-28T14:00:00Z") == nil)
        #expect(try bucket(.days(1), asOf: "2026-11-28T14:30:00Z", zone: "Europe/Berlin") == "2026-11-28T15:00:00+01:00")
    }

    @Test("an explicit window that ended before as-of is cut, not in progress")
    func explicitWindow() throws {
        let window = TimeRange.explicit(from: ReportFixture.time("2026-11-20T00:00:00Z"), to: ReportFixture.time("2026-11-22T12:00:00Z"))
        #expect(try bucket(window, asOf: "2026-11-28T14:30:00Z") == nil)
    }
}
