import Foundation
import Model
import Reports
import Store
import Testing

@Suite("Report batches")
struct ReportBatchTests {
    @Test("a batch sharing windows across ranges gives the same documents as each report computed alone", arguments: [
        ("UTC", UInt64(31)), ("Asia/Kolkata", UInt64(32)), ("Europe/Berlin", UInt64(33)),
    ])
    func sharedBatchEqualsAlone(zone: String, seed: UInt64) throws {
        let fixture = try ReportFixture(zone: zone)
        // Events over ~50 days before 2026-11-28: `90d`, `60d` and `all` reach back past the first
        // event and read the same window; `1d`, `7d` and `30d` do not.
        for batch in IncrementalRollupTests.randomEvents(seed: seed, count: 1500, lateShare: 0.3) { try fixture.add(batch) }
        // And events of every kind in the last partial hour and day before as-of, which a batch
        // reads first, once, for all its windows.
        try fixture.add([
            ReportFixture.processed("2026-11-27T13:05:00Z", service: "pdf-service", ms: 812, device: "IGBT", size: 12, user: "u9"),
            ReportFixture.processed("2026-11-27T13:40:00Z", service: "ocr-service", ms: 95, device: "GaN-HEMT", size: 60, user: "u1"),
            ReportFixture.failed("2026-11-27T13:20:00Z", service: "ocr-service", type: "timeout", message: "timed out after 30 s", device: "IGBT"),
            ReportFixture.failed("2026-11-27T13:47:12Z", service: "pdf-service", type: "ocr_failure", message: "no text on page 3"),
            TrackedEvent(
                eventType: "spice_model_generated", serviceName: "model-service", userId: "u9", timestamp: ReportFixture.time("2026-11-27T13:30:00Z"),
                fields: EventFields(deviceType: "SiC-MOSFET", modelComplexity: "advanced", parametersExtracted: 17)),
            ReportFixture.other("login", "2026-11-27T02:00:00Z", user: "u9"), ReportFixture.other("login", "2026-11-27T13:47:12.344Z", user: "new-user"),
        ])
        _ = try fixture.engine.refresh()
        let asOf = ReportFixture.time("2026-11-27T13:47:12.345Z")
        let names = ["1d", "7d", "30d", "60d", "90d", "all"]
        let ranges = try names.map { (name: $0, range: try TimeRange.parse($0)) }
        let batch = try fixture.engine.generateAll(types: ReportType.allCases, ranges: ranges, asOf: asOf, generatedAt: 0, workers: 3)
        #expect(batch.count == ReportType.allCases.count * names.count)
        for (name, range) in ranges {
            for type in ReportType.allCases {
                let alone = try fixture.engine.generate(ReportRequest(type: type, range: range, asOf: asOf), generatedAt: 0)
                let shared = try #require(batch[ReportSlot(type: type, range: name)])
                #expect(try shared.json() == alone.json(), "\(type) \(name)")
            }
        }
        // The shared windows really are shared: the long ranges' user_activity differ only in metadata.
        let ninety = try #require(batch[ReportSlot(type: .userActivity, range: "90d")])
        let all = try #require(batch[ReportSlot(type: .userActivity, range: "all")])
        #expect(ninety.metadata.period != all.metadata.period)
    }
}
