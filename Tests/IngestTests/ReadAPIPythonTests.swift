import Foundation
import Ingest
import Model
import Store
import Testing

/// The original README's "Usage Examples", run with Python `requests` against the daemon as a
/// new user would (only the address changes), and the OpenAPI document checked by
/// `openapi-spec-validator` and exercised by `schemathesis`.
@Suite("the read API from Python: the README's examples, openapi-spec-validator, schemathesis")
struct ReadAPIPythonTests {
    static func python(_ script: String, _ arguments: [String] = []) async throws -> (status: Int32, output: String) {
        let python = try #require(which("python3"), "python3 is needed")
        return try await runProgramOffPool(python, ["-c", script] + arguments)
    }

    static func requireModule(_ module: String) async throws {
        let check = try await python("import \(module)")
        try #require(check.status == 0, "\(module) is installed by scripts/install-deps.sh")
    }

    @Test("README: generate a processing report, create the Processing Overview dashboard, export CSV")
    func readmeExamples() async throws {
        try await Self.requireModule("requests")
        // The fixture relative to now (the README's calls give no as_of): 4 processed, 1 error.
        let now = Clock.nowMilliseconds()
        let daemon = try await ReadFixture.start(asOf: now)
        let directory = daemon.directory.url.path
        let script = """
            import requests
            base = "http://localhost:\(daemon.port)"

            # Generate processing performance report
            response = requests.post(base + "/api/analytics/reports/generate", json={
                "report_type": "processing_performance",
                "parameters": {
                    "time_range": "7d",
                    "include_errors": True
                }
            })

            report_data = response.json()
            print(f"Success Rate: {report_data['data']['success_rate']}%")

            # Create dashboard configuration
            dashboard_config = {
                "name": "Processing Overview",
                "description": "Real-time processing metrics",
                "widgets": [
                    {
                        "type": "metric",
                        "title": "Total Processed",
                        "metric": "total_processed",
                        "position": {"x": 0, "y": 0, "w": 6, "h": 2}
                    },
                    {
                        "type": "chart",
                        "title": "Processing Timeline",
                        "chart_type": "processing_timeline",
                        "position": {"x": 0, "y": 2, "w": 12, "h": 4}
                    }
                ],
                "layout": {"columns": 12},
                "refresh_interval": 300
            }

            response = requests.post(base + "/api/analytics/dashboards", json=dashboard_config)
            print("dashboard", response.status_code)

            # Export processing metrics to CSV
            response = requests.get(
                base + "/api/analytics/reports/processing_performance/export",
                params={"format": "csv", "time_range": "30d"}
            )

            with open("\(directory)/processing_report.csv", "wb") as f:
                f.write(response.content)
            print("export", response.status_code, response.headers["Content-Disposition"])
            """
        let run = try await Self.python(script)
        #expect(run.status == 0, "\(run.output)")
        let lines = run.output.split(separator: "\n").map(String.init)
        // 4 / (4 + 1) × 100. Swift's JSONEncoder writes a whole-valued Double without ".0", so
        // Python reads 80 (an int) where pandas gave 80.0; the value and JSON type (number) agree.
        #expect(lines == [
            "Success Rate: 80%", "dashboard 200",
            "export 200 attachment; filename=\"processing_performance-30d.csv\"",
        ])
        let csv = try String(contentsOfFile: daemon.directory.path("processing_report.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("section,metric,value"))
        #expect(csv.contains("summary,total_processed,4"))
        #expect(csv.contains("summary,success_rate,80"))
        // Stored where `build` reads dashboards from, and listed by the API.
        let store = try AnalyticsStore(path: daemon.databasePath, logger: TestDaemon.logger)
        let stored = try store.dashboards()
        #expect(stored.map(\.name) == ["Processing Overview"])
        let config = try JSONDecoder().decode(DashboardConfig.self, from: Data(stored[0].json.utf8))
        #expect(config.widgets.map(\.type) == ["metric", "chart"])
        #expect(config.refreshInterval == 300)
        let listed = try await daemon.client.get("/api/analytics/dashboards").json["dashboards"] as? [[String: Any]]
        #expect(listed?.first?["slug"] as? String == "processing-overview")
        try await daemon.stop()
    }

    @Test("docs/openapi.json validates with openapi-spec-validator")
    func specValidates() async throws {
        try await Self.requireModule("openapi_spec_validator")
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.json").path
        let run = try await Self.python(
            "import json, sys\nfrom openapi_spec_validator import validate\nvalidate(json.load(open(sys.argv[1])))\nprint('ok')", [file])
        #expect(run.status == 0 && run.output == "ok\n", "\(run.output)")
    }

    @Test("schemathesis against the live daemon (bounded): no 5xx, every answer matches the schema")
    func schemathesis() async throws {
        // `python3 -m schemathesis.cli`: works whether or not pip's script landed on PATH.
        try await Self.requireModule("schemathesis")
        let python = try #require(which("python3"))
        let daemon = try await ReadFixture.start(asOf: Clock.nowMilliseconds())
        let run = try await runProgramOffPool(
            "/usr/bin/env",
            [
                "timeout", "300", python, "-m", "schemathesis.cli", "run", "http://127.0.0.1:\(daemon.port)/openapi.json",
                "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                "--max-examples", "15", "--seed", "1",
            ],
            environment: ProcessInfo.processInfo.environment.merging(["SCHEMATHESIS_HOOKS": ""]) { $1 })
        #expect(run.status == 0, "\(run.output.suffix(6000))")
        try await daemon.stop()
    }
}
