import Foundation
import Ingest
import Model
import Store
import Testing

/// The original service's README ("Testing" and "Integration"): its examples must keep working
/// against the daemon unchanged but for the address.
@Suite("the original README's tracking examples")
struct ReadmeExampleTests {
    /// Runs a shell command line; returns its exit status and standard output.
    static func shell(_ command: String) async throws -> (status: Int32, output: String) {
        try await runProgramOffPool("/bin/sh", ["-c", command])
    }

    @Test("the README's curl commands get 200 and the event is stored")
    func curl() async throws {
        let curl = try #require(which("curl"), "curl is installed by scripts/install-deps.sh")
        #expect(!curl.isEmpty)
        let daemon = try await TestDaemon.start()
        let port = daemon.port
        // README, "Testing": the commands as printed, on this daemon's port.
        let health = try await Self.shell("curl http://localhost:\(port)/health")
        let track = try await Self.shell("""
            curl -X POST http://localhost:\(port)/api/analytics/track \\
              -H "Content-Type: application/json" \\
              -d '{"event_type": "test_event", "event_data": {"test": true}}'
            """)
        #expect(health.status == 0)
        let healthJSON = try #require(try JSONSerialization.jsonObject(with: Data(health.output.utf8)) as? [String: Any])
        #expect(healthJSON["status"] as? String == "healthy")
        #expect(track.status == 0)
        let trackJSON = try #require(try JSONSerialization.jsonObject(with: Data(track.output.utf8)) as? [String: Any])
        #expect(trackJSON["success"] as? Bool == true)
        #expect(trackJSON["message"] as? String == "Event tracked successfully")
        #expect(trackJSON["id"] as? Int == 1)
        // curl prints the body but not the status: ask for it on the same request shape.
        let status = try await Self.shell("""
            curl -s -o /dev/null -w '%{http_code}' -X POST http://localhost:\(port)/api/analytics/track \\
              -H "Content-Type: application/json" \\
              -d '{"event_type": "test_event", "event_data": {"test": true}}'
            """)
        #expect(status.output == "200")
        let stored = try daemon.storedEvents()
        #expect(stored.map(\.eventType) == ["test_event", "test_event"])
        #expect(stored.first?.eventData == #"{"test": true}"#)
        try await daemon.stop()
    }

    @Test("the README's Python aiohttp track_event snippet gets 200 and its three events are stored")
    func aiohttp() async throws {
        let python = try #require(which("python3"), "python3 is needed")
        let check = try await runProgramOffPool(python, ["-c", "import aiohttp"])
        try #require(check.status == 0, "aiohttp is installed by scripts/install-deps.sh (python3 -m pip install aiohttp)")
        let daemon = try await TestDaemon.start()
        // README, "Integration" 1–3, verbatim but for the address (http://data-analytics:8016).
        let script = """
            import asyncio
            import aiohttp

            async def track_event(event_type, event_data, service_name="pdf-service"):
                async with aiohttp.ClientSession() as session:
                    await session.post("http://127.0.0.1:\(daemon.port)/api/analytics/track", json={
                        "event_type": event_type,
                        "event_data": event_data,
                        "service_name": service_name
                    })

            async def main():
                # Track document processing
                await track_event("document_processed", {
                    "device_type": "GaN-HEMT",
                    "processing_time_ms": 1500,
                    "file_size_mb": 2.5
                })

                # Track errors
                await track_event("processing_error", {
                    "error_type": "ocr_failure",
                    "error_message": "Text extraction failed"
                })

                # Track SPICE model generation
                await track_event("spice_model_generated", {
                    "device_type": "SiC-MOSFET",
                    "model_complexity": "advanced",
                    "parameters_extracted": 25
                })

            asyncio.run(main())
            """
        let directory = TemporaryDirectory()
        let scriptPath = directory.path("track.py")
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let run = try await runProgramOffPool(python, [scriptPath])
        #expect(run.status == 0)
        // The snippet ignores the answer; the daemon's own count of answers says what they were.
        let metrics = try await daemon.client.get("/metrics").text
        #expect(metrics.contains(#"espice_ingest_http_requests_total{route="/api/analytics/track",status="200"} 3"#))
        let stored = try daemon.storedEvents()
        try #require(stored.count == 3)
        #expect(stored.map(\.eventType) == ["document_processed", "processing_error", "spice_model_generated"])
        #expect(stored.allSatisfy { $0.serviceName == "pdf-service" })
        #expect(stored[0].deviceType == "GaN-HEMT")
        #expect(stored[0].processingTimeMs == 1500)
        #expect(stored[0].fileSizeMb == 2.5)
        #expect(stored[1].errorType == "ocr_failure")
        #expect(stored[1].errorMessage == "Text extraction failed")
        #expect(stored[2].deviceType == "SiC-MOSFET")
        #expect(stored[2].modelComplexity == "advanced")
        #expect(stored[2].parametersExtracted == 25)
        try await daemon.stop()
    }
}
