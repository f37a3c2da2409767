import Foundation
import Logging
import Model
import Reports
import Store
import Testing

/// Every figure that scripts/recompute.py (a second, plain-Python implementation over the raw
/// events) computes must agree with the engine's, on demo data the other tests never used.
@Suite("Independent recomputation", .serialized)
struct IndependentRecomputationTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/recompute.py").standardizedFileURL.path

    static func recompute(_ db: String, _ type: ReportType, _ range: String, _ asOf: String, _ zone: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, db, type.rawValue, range, asOf, zone]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Compares `expected` (from Python) with `actual` (ours) key by key; percentiles within 1 %.
    static func compare(_ expected: Any?, _ actual: Any?, path: String) {
        switch (expected, actual) {
        case (let e as [String: Any], let a as [String: Any]):
            for (key, value) in e { compare(value, a[key], path: path + "." + key) }
        case (let e as [Any], let a as [Any]):
            #expect(e.count == a.count, "\(path): \(e.count) vs \(a.count) entries")
            for (index, pair) in zip(e, a).enumerated() { compare(pair.0, pair.1, path: path + "[\(index)]") }
        case (let e as NSNumber, let a as NSNumber):
            if path.range(of: #"\.p\d\d$"#, options: .regularExpression) != nil {
                #expect(abs(a.doubleValue - e.doubleValue) <= abs(e.doubleValue) * 0.01, "\(path): \(a) vs \(e)")
            } else {
                #expect(abs(a.doubleValue - e.doubleValue) < 1e-9, "\(path): \(a) vs \(e)")
            }
        case (is NSNull, is NSNull), (nil, nil):
            break
        default:
            #expect("\(String(describing: expected))" == "\(String(describing: actual))", "\(path)")
        }
    }

    /// Our report data reshaped where the script keeps a simpler form.
    static func reshaped(_ data: [String: Any]) -> [String: Any] {
        var actual = data
        if let series = actual["time_series"] as? [[String: Any]] {
            actual["time_series"] = series.map { [$0["date"]!, $0["event_type"]!, $0["count"]!] }
                .sorted { "\($0[0])\($0[1])" < "\($1[0])\($1[1])" }
        }
        if let peak = actual["peak_usage"] as? [String: Any] { actual["peak_usage_matrix"] = peak["matrix"] }
        if let daily = actual["daily_active_users"] as? [[String: Any]] {
            actual["daily_active_users"] = daily.map { [$0["date"]!, $0["active_users"]!] }
        }
        return actual
    }

    @Test("all four reports agree with the recomputation", arguments: ["UTC", "Asia/Kolkata", "America/New_York"], Backend.allCases)
    func agree(zone: String, backend: Backend) throws {
        let fixture = try ReportFixture(zone: zone, backend: backend)
        let end = Timestamp.parse("2026-11-20T00:00:00Z")!
        try DemoGenerator(eventCount: 6_000, days: 40, seed: 99, end: end).generate(batchSize: 1_000) { try fixture.add($0) }
        try fixture.sync()  // recompute.py reads the SQLite file: with PostgreSQL, the synced cache
        let db = fixture.directory.appendingPathComponent("a.db").path
        let asOf = "2026-11-18T07:21:33Z"
        for type in ReportType.allCases {
            for range in ["1d", "7d", "30d", "90d", "all"] {  // 90d reaches back past the first event
                let expected = try Self.recompute(db, type, range, asOf, zone)
                let actual = Self.reshaped(try fixture.data(type, try TimeRange.parse(range), asOf: asOf))
                Self.compare(expected, actual, path: "\(zone) \(type.rawValue) \(range)")
            }
        }
    }
}
