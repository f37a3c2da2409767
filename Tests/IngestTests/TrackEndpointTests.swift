import Foundation
import Ingest
import Model
import Store
import Testing

@Suite("POST /api/analytics/track")
struct TrackEndpointTests {
    @Test("the README's event is answered with its id only once stored, as the original answered")
    func readmeEvent() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.track(#"{"event_type": "test_event", "event_data": {"test": true}}"#)
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "application/json")
        #expect(answer.json["success"] as? Bool == true)
        #expect(answer.json["message"] as? String == "Event tracked successfully")
        // A new database: the first row is id 1.
        #expect(answer.json["id"] as? Int == 1)
        let stored = try daemon.storedEvents()
        #expect(stored.count == 1)
        #expect(stored.first?.id == 1)
        #expect(stored.first?.eventType == "test_event")
        #expect(stored.first?.eventData == #"{"test": true}"#)
        try await daemon.stop()
    }

    @Test("every field is stored as tracked, and ids count up")
    func fieldsAndIds() async throws {
        let daemon = try await TestDaemon.start()
        let first = try await daemon.client.track(
            #"{"event_type":"document_processed","event_data":{"device_type":"GaN-HEMT","processing_time_ms":1500,"file_size_mb":2.5},"service_name":"pdf-service","user_id":"u-42","timestamp":"2025-06-01T12:00:00Z"}"#
        )
        let second = try await daemon.client.track(#"{"event_type":"login","timestamp":1748779200}"#)
        #expect(first.json["id"] as? Int == 1)
        #expect(second.json["id"] as? Int == 2)
        let stored = try daemon.storedEvents()
        try #require(stored.count == 2)
        #expect(stored[0].serviceName == "pdf-service")
        #expect(stored[0].userId == "u-42")
        #expect(stored[0].deviceType == "GaN-HEMT")
        #expect(stored[0].processingTimeMs == 1500)
        #expect(stored[0].fileSizeMb == 2.5)
        #expect(stored[0].ts == june1Noon)
        // 1748779200 epoch seconds = 2025-06-01T12:00:00Z.
        #expect(stored[1].ts == june1Noon)
        #expect(stored[1].eventData == "{}")
        try await daemon.stop()
    }

    @Test("an event without a timestamp is stamped with its time of receipt")
    func defaultTimestamp() async throws {
        let daemon = try await TestDaemon.start()
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let answer = try await daemon.client.track(#"{"event_type":"ping"}"#)
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(answer.status == 200)
        let stored = try #require(try daemon.storedEvents().first)
        #expect(stored.ts >= before - 1 && stored.ts <= after + 1)
        try await daemon.stop()
    }

    @Test("unreadable JSON is a 400 and stores nothing", arguments: [
        #"{"event_type": "x""#, #"not json"#, "", #"{"event_type": "x"} trailing"#,
    ])
    func malformed(body: String) async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.track(body)
        #expect(answer.status == 400)
        let detail = try #require(answer.json["detail"] as? String)
        #expect(!detail.isEmpty)
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("a broken rule of SPEC §2 is a 422 naming the field", arguments: [
        (#"{"event_data": {}}"#, "event_type"),
        (#"{"event_type": "has space"}"#, "event_type"),
        (#"{"event_type": ""}"#, "event_type"),
        (#"{"event_type": 7}"#, "event_type"),
        (#"{"event_type": "x", "event_data": [1, 2]}"#, "event_data"),
        (#"{"event_type": "x", "service_name": 5}"#, "service_name"),
        (#"{"event_type": "x", "timestamp": "2999-01-01T00:00:00Z"}"#, "timestamp"),
        (#"{"event_type": "x", "timestamp": "yesterday"}"#, "timestamp"),
        ("[1, 2]", nil),
    ] as [(String, String?)])
    func ruleBroken(body: String, field: String?) async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.track(body)
        #expect(answer.status == 422)
        #expect(answer.json["field"] as? String == field)
        #expect((answer.json["detail"] as? String)?.isEmpty == false)
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("a 129-character event_type and a 257-character user_id are refused by name")
    func lengths() async throws {
        let daemon = try await TestDaemon.start()
        let longType = String(repeating: "a", count: 129)
        let longUser = String(repeating: "u", count: 257)
        let type = try await daemon.client.track(#"{"event_type":"\#(longType)"}"#)
        let user = try await daemon.client.track(#"{"event_type":"ok","user_id":"\#(longUser)"}"#)
        let fits = try await daemon.client.track(#"{"event_type":"\#(String(longType.dropFirst()))"}"#)
        #expect(type.status == 422 && type.json["field"] as? String == "event_type")
        #expect(user.status == 422 && user.json["field"] as? String == "user_id")
        #expect(fits.status == 200)
        #expect(try daemon.storedEvents().count == 1)
        try await daemon.stop()
    }

    @Test("a body over 1 MiB is a 413, whether its length is announced or it comes chunked", arguments: [false, true])
    func tooLarge(chunked: Bool) async throws {
        let daemon = try await TestDaemon.start()
        // 1 MiB of padding inside event_data plus the envelope: just over the limit.
        let padding = String(repeating: "p", count: 1 << 20)
        let body = #"{"event_type":"big","event_data":{"pad":"\#(padding)"}}"#
        let status: Int
        let detail: String?
        if chunked {
            // curl streams a file with chunked transfer encoding: no Content-Length to refuse early.
            let file = daemon.directory.path("big.json")
            try body.write(toFile: file, atomically: true, encoding: .utf8)
            let curl = try #require(which("curl"))
            let run = try await runProgramOffPool(curl, [
                "-s", "-w", "\n%{http_code}", "-X", "POST", "http://127.0.0.1:\(daemon.port)/api/analytics/track",
                "-H", "Content-Type: application/json", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
            ])
            let lines = run.output.split(separator: "\n")
            status = Int(lines.last ?? "") ?? 0
            let json = try? JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
            detail = json?["detail"] as? String
        } else {
            let answer = try await daemon.client.track(body)
            status = answer.status
            detail = answer.json["detail"] as? String
        }
        #expect(status == 413)
        #expect(detail == "request body larger than 1048576 bytes")
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("a Content-Type other than JSON is a 415", arguments: ["text/plain", "application/x-www-form-urlencoded", "application/x-ndjson"])
    func wrongContentType(contentType: String) async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.post("/api/analytics/track", #"{"event_type":"x"}"#, contentType: contentType)
        #expect(answer.status == 415)
        #expect(answer.json["field"] as? String == "Content-Type")
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("a Content-Type sent twice is read as both its values: JSON and text is a 415 naming both")
    func contentTypeSentTwice() async throws {
        let daemon = try await TestDaemon.start()
        let curl = try #require(which("curl"))
        let run = try await runProgramOffPool(curl, [
            "-s", "-w", "\n%{http_code}", "-X", "POST", "http://127.0.0.1:\(daemon.port)/api/analytics/track",
            "-H", "Content-Type: application/json", "-H", "Content-Type: text/plain", "--data-binary", #"{"event_type":"x"}"#,
        ])
        let lines = run.output.split(separator: "\n")
        #expect(lines.last == "415")
        let json = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        let detail = try #require(json["detail"] as? String)
        #expect(detail.contains("\"application/json, text/plain\""), "\(detail)")
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("JSON with a charset parameter is accepted")
    func charset() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.post(
            "/api/analytics/track", #"{"event_type":"x"}"#, contentType: "application/json; charset=utf-8")
        #expect(answer.status == 200)
        try await daemon.stop()
    }

    @Test("an unknown path is a FastAPI-style 404")
    func notFound() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.get("/api/analytics/nothing-here")
        #expect(answer.status == 404)
        #expect(answer.json["detail"] as? String == "Not Found")
        try await daemon.stop()
    }
}
