import Foundation
import Logging
import Model
import Reports
import Store
import Testing

/// After `import OLD.db`, every report figure must equal what a plain-Python reading of the
/// original file gives (Tests/Fixtures/original_service.py builds the events table by SPEC §2's
/// rules from the original's rows; scripts/recompute.py computes the figures).
@Suite("Taken-over data against an independent recomputation", .serialized)
struct TakeoverRecomputationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/original_service.py").standardizedFileURL.path

    static func python(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixture] + arguments
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    @Test("all four reports over every range agree", arguments: ["UTC", "America/New_York"])
    func agree(zone: String) throws {
        let fixture = try ReportFixture(zone: zone)
        let original = fixture.directory.appendingPathComponent("old.db").path
        let reference = fixture.directory.appendingPathComponent("reference.db").path
        try Self.python(["create", original, "--events", "3000", "--seed", "5", "--end", "2026-11-20T00:00:00"])
        try Self.python(["events-db", original, reference])

        let summary = try OriginalImporter().run(original, into: fixture.store)
        #expect(summary.imported == 3002)
        #expect(summary.rejected == 3)

        let asOf = "2026-11-19T17:45:10Z"
        for type in ReportType.allCases {
            for range in ["1d", "7d", "30d", "90d", "all"] {
                let expected = try IndependentRecomputationTests.recompute(reference, type, range, asOf, zone)
                let actual = IndependentRecomputationTests.reshaped(try fixture.data(type, try TimeRange.parse(range), asOf: asOf))
                IndependentRecomputationTests.compare(expected, actual, path: "\(zone) \(type.rawValue) \(range)")
            }
        }
    }
}
