import Foundation
import Testing

/// The report figures of a PostgreSQL database recomputed without espice-analytics: psql dumps
/// each event as received (time, type, service, user, `event_data` text), plain Python derives the
/// metric fields by SPEC §2 (`Tests/Fixtures/original_service.py events-json`) and computes the
/// reports (`scripts/recompute.py`); `scripts/compare-report.py` lists where ours differ.
enum Recomputation {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    static func python(_ script: String, _ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, output: String, errors: String) {
        try runIn(directory.url.path, "/usr/bin/env", ["python3", root.appendingPathComponent(script).path] + arguments)
    }

    /// An SQLite `events` table for recompute.py, made from what `database` holds; its path.
    static func referenceDatabase(_ database: PostgresScratch, in directory: TemporaryDirectory) throws -> String {
        let dump = directory.path("events.json")
        try database.psql("SELECT json_agg(json_build_array(ts, event_type, service_name, user_id, event_data) ORDER BY id) FROM events")
            .write(toFile: dump, atomically: true, encoding: .utf8)
        let reference = directory.path("reference.db")
        try? FileManager.default.removeItem(atPath: reference)
        let made = try python("Tests/Fixtures/original_service.py", ["events-json", dump, reference], in: directory)
        try #require(made.status == 0, "\(made.errors)")
        return reference
    }

    /// Where `actual` (a report's JSON text) differs from recompute.py's `type` over `range` as of
    /// `asOf` on `reference`: one line each, empty when they agree.
    static func differences(
        _ actual: String, reference: String, type: String, range: String, asOf: String, in directory: TemporaryDirectory
    ) throws -> [String] {
        let expected = try python("scripts/recompute.py", [reference, type, range, asOf, "UTC"], in: directory)
        try #require(expected.status == 0, "\(expected.errors)")
        let (expectedFile, actualFile) = (directory.path("expected-\(type)-\(range).json"), directory.path("actual-\(type)-\(range).json"))
        try expected.output.write(toFile: expectedFile, atomically: true, encoding: .utf8)
        try actual.write(toFile: actualFile, atomically: true, encoding: .utf8)
        let compared = try python("scripts/compare-report.py", [expectedFile, actualFile], in: directory)
        try #require(compared.status == 0 || compared.status == 1, "\(compared.errors)")
        return compared.output.split(separator: "\n").map(String.init)
    }
}
