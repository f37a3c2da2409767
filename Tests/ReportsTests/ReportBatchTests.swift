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
