import Foundation
import Testing

@Suite("espice-analytics report")
struct ReportCommandTests {
    let cli: CLIRunner
    init() throws { cli = try CLIRunner() }

    /// The document without its generation time.
    static func figures(_ data: Data) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var metadata = try #require(object["metadata"] as? [String: Any])
        metadata["generated_at"] = nil
        object["metadata"] = metadata
        return object as NSDictionary
    }

    @Test("report all writes every type over every range, each equal to its own report run")
    func reportAll() throws {
        #expect(try cli.run(["demo", "--events", "3000", "--days", "10", "--seed", "3", "--db", "r.db", "--no-site"]).status == 0)
        let asOf = "2026-11-28T00:00:00Z"
        let result = try cli.run(["report", "all", "--range", "1d,7d,all", "--as-of", asOf, "--db", "r.db", "-o", "out"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: cli.path("out")).sorted()
        let types = ["business_intelligence", "error_analysis", "processing_performance", "user_activity"]
        #expect(files == types.flatMap { type in ["1d", "7d", "all"].map { "\(type)-\($0).json" } }.sorted())
        for type in types {
            for range in ["1d", "all"] {
                let single = try cli.run(["report", type, "--range", range, "--as-of", asOf, "--db", "r.db", "-o", "\(type)-\(range).json"])
                #expect(single.status == 0)
                let alone = try Data(contentsOf: URL(fileURLWithPath: cli.path("\(type)-\(range).json")))
                let batch = try Data(contentsOf: URL(fileURLWithPath: cli.path("out/\(type)-\(range).json")))
                #expect(try Self.figures(alone) == Self.figures(batch), "\(type) \(range)")
            }
        }
    }

    @Test("several reports without -o DIR, or as one PDF, are refused with a one-line reason", arguments: [
        ["report", "all", "--range", "7d"], ["report", "user_activity", "--range", "1d,7d"],
        ["report", "all", "--format", "pdf", "-o", "x.pdf"],
    ])
    func batchNeedsADirectory(arguments: [String]) throws {
        let result = try cli.run(arguments + ["--db", "r.db"])
        #expect(result.status != 0)
        #expect(result.stderrLines.first?.contains("-o DIR") == true || result.stderrLines.first?.contains("one report type") == true)
    }
}
