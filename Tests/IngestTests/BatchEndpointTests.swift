import Foundation
import Ingest
import Model
import Store
import Testing

@Suite("POST /api/analytics/track/batch")
struct BatchEndpointTests {
    static let path = "/api/analytics/track/batch"

    @Test("a JSON array is stored whole, ids in order")
    func array() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.post(
            Self.path, #"[{"event_type":"a"}, {"event_type":"b","user_id":"u1"} ,{"event_type":"c"}]"#)
        #expect(answer.status == 200)
        #expect(answer.json["success"] as? Bool == true)
        #expect(answer.json["count"] as? Int == 3)
        #expect(answer.json["ids"] as? [Int] == [1, 2, 3])
        let stored = try daemon.storedEvents()
        #expect(stored.map(\.eventType) == ["a", "b", "c"])
        #expect(stored[1].userId == "u1")
        try await daemon.stop()
    }

    @Test("NDJSON is read line by line: CRLF endings and blank lines are fine", arguments: [
        "application/x-ndjson", "application/ndjson", "application/x-ndjson; charset=utf-8",
    ])
    func ndjson(contentType: String) async throws {
        let daemon = try await TestDaemon.start()
        let body = "{\"event_type\":\"a\"}\r\n\r\n{\"event_type\":\"b\",\"event_data\":{\"k\":[1,{\"x\":\"]\"}]}}\n  \n{\"event_type\":\"c\"}"
        let answer = try await daemon.client.post(Self.path, body, contentType: contentType)
        #expect(answer.status == 200)
        #expect(answer.json["ids"] as? [Int] == [1, 2, 3])
        let stored = try daemon.storedEvents()
        #expect(stored.map(\.eventType) == ["a", "b", "c"])
        #expect(stored[1].eventData == #"{"k":[1,{"x":"]"}]}"#)
        try await daemon.stop()
    }

    @Test("one invalid event refuses the batch: 422 lists each bad index and reason, nothing is stored")
    func atomicity() async throws {
        let daemon = try await TestDaemon.start()
        let body = #"[{"event_type":"ok"}, {"event_type":"bad type"}, {"event_type":"ok2"}, {"event_data":{}}, {"event_type":"ok3"}]"#
        let answer = try await daemon.client.post(Self.path, body)
        #expect(answer.status == 422)
        #expect(answer.json["detail"] as? String == "2 of 5 events invalid; nothing was stored")
        let errors = try #require(answer.json["errors"] as? [[String: Any]])
        #expect(errors.map { $0["index"] as? Int } == [1, 3])
        #expect(errors.map { $0["field"] as? String } == ["event_type", "event_type"])
        #expect(errors.allSatisfy { ($0["detail"] as? String)?.isEmpty == false })
        #expect(try daemon.storedEvents().isEmpty)
        // The daemon goes on: a good batch afterwards gets ids from 1.
        let good = try await daemon.client.post(Self.path, #"[{"event_type":"ok"}]"#)
        #expect(good.json["ids"] as? [Int] == [1])
        try await daemon.stop()
    }

    @Test("an unreadable NDJSON line is a 400 naming its line, and nothing is stored")
    func malformedLine() async throws {
        let daemon = try await TestDaemon.start()
        let body = "{\"event_type\":\"a\"}\n\n{\"event_type\": \n{\"event_type\":\"c\"}\n"
        let answer = try await daemon.client.post(Self.path, body, contentType: "application/x-ndjson")
        #expect(answer.status == 400)
        let errors = try #require(answer.json["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["index"] as? Int == 1)
        #expect(errors.first?["line"] as? Int == 3)
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("a body that is not an array is a 400", arguments: [
        #"{"event_type":"a"}"#, #"[{"event_type":"a"}"#, #"[{"event_type":"a"}] x"#, #"[{"event_type":"a"} {"event_type":"b"}]"#, "",
    ])
    func notAnArray(body: String) async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.post(Self.path, body)
        #expect(answer.status == 400)
        #expect((answer.json["detail"] as? String)?.isEmpty == false)
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("an empty batch is refused with 422")
    func empty() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.post(Self.path, "[ ]")
        #expect(answer.status == 422)
        #expect(answer.json["detail"] as? String == "the batch holds no events")
        try await daemon.stop()
    }

    @Test("10,000 events are accepted; 10,001 are a 413 and nothing is stored")
    func eventLimit() async throws {
        let daemon = try await TestDaemon.start()
        let event = #"{"event_type":"e"}"#
        let full = "[" + Array(repeating: event, count: 10_000).joined(separator: ",") + "]"
        let over = "[" + Array(repeating: event, count: 10_001).joined(separator: ",") + "]"
        let refused = try await daemon.client.post(Self.path, over)
        #expect(refused.status == 413)
        #expect(try daemon.storedEvents().isEmpty)
        let accepted = try await daemon.client.post(Self.path, full)
        #expect(accepted.status == 200)
        #expect(accepted.json["count"] as? Int == 10_000)
        let ids = try #require(accepted.json["ids"] as? [Int])
        #expect(ids.first == 1 && ids.last == 10_000)
        #expect(try daemon.storedEvents().count == 10_000)
        try await daemon.stop()
    }

    @Test("a body over 16 MiB is a 413")
    func byteLimit() async throws {
        let daemon = try await TestDaemon.start()
        // 17 events with 1 MiB of padding each: 17 MiB > 16 MiB. The size limit applies before
        // any event is read, so the events' own validity does not matter.
        let padding = String(repeating: "p", count: 1 << 20)
        let body = "[" + Array(repeating: #"{"event_type":"e","user_id":"\#(padding)"}"#, count: 17).joined(separator: ",") + "]"
        let answer = try await daemon.client.post(Self.path, body)
        #expect(answer.status == 413)
        #expect((answer.json["detail"] as? String)?.contains("16777216") == true)
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("a Content-Type other than JSON or NDJSON is a 415")
    func wrongContentType() async throws {
        let daemon = try await TestDaemon.start()
        let answer = try await daemon.client.post(Self.path, #"[{"event_type":"a"}]"#, contentType: "text/csv")
        #expect(answer.status == 415)
        #expect(answer.json["field"] as? String == "Content-Type")
        try await daemon.stop()
    }
}
