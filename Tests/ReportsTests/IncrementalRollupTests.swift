import Foundation
import Model
import Reports
import Store
import Testing

@Suite("Incremental rollups")
struct IncrementalRollupTests {
    /// Random events over ~40 days before 2026-11-28, some arriving late (old timestamps added in
    /// later batches).
    static func randomEvents(seed: UInt64, count: Int, lateShare: Double) -> [[TrackedEvent]] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let types = ["document_processed", "processing_error", "spice_model_generated", "page_view", "error"]
        let services: [String?] = ["pdf-service", "ocr-service", nil]
        let users: [String?] = ["u1", "u2", "山田太郎", "Jürgen Groß", nil]
        let end = ReportFixture.time("2026-11-28T00:00:00Z")
        var batches: [[TrackedEvent]] = [[], [], []]
        for index in 0..<count {
            let batch = index * 3 / count
            var age = Int64(next() % (40 * 86_400_000))
            if batch > 0 && Double(next() % 1000) / 1000 < lateShare { age += 10 * 86_400_000 }  // late
            let type = types[Int(next() % 5)]
            let fields = EventFields(
                deviceType: ["GaN-HEMT", "IGBT", nil][Int(next() % 3)], processingTimeMs: Double(next() % 5000) + 0.5,
                fileSizeMb: Double(next() % 80), errorType: ["timeout", "ocr_failure"][Int(next() % 2)],
                errorMessage: "failed after \(next() % 100) ms", modelComplexity: ["basic", "advanced"][Int(next() % 2)],
                parametersExtracted: Double(next() % 40))
            batches[batch].append(
                TrackedEvent(
                    eventType: type, serviceName: services[Int(next() % 3)], userId: users[Int(next() % 5)],
                    timestamp: end - age, fields: fields))
        }
        return batches
    }

    @Test("folding in several builds gives the same JSON as a full rebuild", arguments: [
        ("UTC", UInt64(1)), ("Asia/Kolkata", UInt64(2)), ("Europe/Berlin", UInt64(3)),
    ])
    func incrementalEqualsFull(zone: String, seed: UInt64) throws {
        let fixture = try ReportFixture(zone: zone)
        let asOf = ReportFixture.time("2026-11-27T13:47:12.345Z")
        let ranges: [TimeRange] = [.days(1), .days(7), .days(30), .all]
        for batch in Self.randomEvents(seed: seed, count: 1500, lateShare: 0.2) {
            try fixture.add(batch)
            _ = try fixture.engine.refresh()
        }
        var incremental: [String] = []
        for type in ReportType.allCases { for range in ranges { incremental.append(try fixture.json(type, range, asOf: asOf)) } }
        let rebuilt = try fixture.engine.refresh(full: true)
        #expect(rebuilt.rebuilt && rebuilt.folded == 1500)
        var full: [String] = []
        for type in ReportType.allCases { for range in ranges { full.append(try fixture.json(type, range, asOf: asOf)) } }
        #expect(incremental == full)
    }

    @Test("folding on several threads in small spans gives the same JSON as one thread in one span", arguments: [2, 3, 5])
    func parallelFoldEqualsSerial(workers: Int) throws {
        let fixture = try ReportFixture(zone: "Europe/Berlin")
        let asOf = ReportFixture.time("2026-11-27T13:47:12.345Z")
        for batch in Self.randomEvents(seed: UInt64(40 + workers), count: 1200, lateShare: 0.3) { try fixture.add(batch) }
        let settings = fixture.engine.settings
        let serial = try fixture.store.refreshRollups(settings, full: true, chunkSize: 10_000, workers: 1)
        var one: [String] = []
        for type in ReportType.allCases { one.append(try fixture.json(type, .days(30), asOf: asOf)) }
        // 1,200 events in spans of workers × 37: dozens of spans, each cut into `workers` parts.
        let parallel = try fixture.store.refreshRollups(settings, full: true, chunkSize: 37, workers: workers)
        var many: [String] = []
        for type in ReportType.allCases { many.append(try fixture.json(type, .days(30), asOf: asOf)) }
        #expect(serial.folded == 1200 && parallel.folded == 1200 && serial.watermark == parallel.watermark)
        #expect(one == many)
    }

    @Test("whole days read from the daily tier give the same figures as folding the window's raw events", arguments: [
        ("UTC", UInt64(21)), ("Asia/Kolkata", UInt64(22)), ("Europe/Berlin", UInt64(23)),
        // Havana turns its clocks back at 01:00 on 2026-11-01: the midnight hour happens twice.
        ("America/Havana", UInt64(24)),
    ])
    func dailyTierEqualsRawEvents(zone: String, seed: UInt64) throws {
        let fixture = try ReportFixture(zone: zone)
        for batch in Self.randomEvents(seed: seed, count: 1500, lateShare: 0.3) {
            try fixture.add(batch)
            _ = try fixture.engine.refresh()
        }
        // A filter naming every event type: the same events, but a direct fold of the raw rows.
        let everyType = ReportFilters(eventType: ["document_processed", "processing_error", "spice_model_generated", "page_view", "error"])
        func canonical(_ object: [String: Any]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        // Berlin's 25-hour 2026-10-25 lies inside the 60-day range; the as-of ends mid-hour.
        for range in [TimeRange.days(7), .days(30), .days(60), .all] {
            for type in ReportType.allCases {
                let rollups = try canonical(fixture.data(type, range, asOf: "2026-11-27T13:47:12.345Z"))
                let raw = try canonical(fixture.data(type, range, asOf: "2026-11-27T13:47:12.345Z", filters: everyType))
                #expect(rollups == raw, "\(type) \(range)")
            }
        }
    }

    @Test("a second refresh with no new events folds nothing")
    func refreshIsIncremental() throws {
        let fixture = try ReportFixture()
        try fixture.add(Self.randomEvents(seed: 9, count: 300, lateShare: 0)[0])
        let first = try fixture.engine.refresh()
        let second = try fixture.engine.refresh()
        #expect(first.folded == 100 && first.rebuilt)
        #expect(second.folded == 0 && !second.rebuilt)
    }

    @Test("percentiles stay within 1 % of exact nearest-rank on 100,000 lognormal values")
    func percentileAccuracy() {
        var state: UInt64 = 42
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var timing = TimingAggregate()
        var values: [Double] = []
        for _ in 0..<100_000 {
            let normal = (-2 * log(max(unit(), 1e-12))).squareRoot() * cos(2 * .pi * unit())
            let value = 800 * exp(0.9 * normal)
            values.append(value)
            timing.add(value)
        }
        values.sort()
        for q in [0.5, 0.9, 0.95, 0.99] {
            let exact = values[Int((q * Double(values.count)).rounded(.up)) - 1]
            let estimate = timing.sketch.quantile(q, min: timing.min, max: timing.max)!
            #expect(abs(estimate - exact) / exact <= 0.01, "q=\(q): \(estimate) vs \(exact)")
        }
    }
}
