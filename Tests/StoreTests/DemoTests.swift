import Foundation
import Model
@testable import Store
import Testing

@Suite("demo generator")
struct DemoTests {
    /// 2026-11-28T00:00:00Z (see the model tests for the arithmetic): 20 785 days.
    static let end: Int64 = 20_785 * 86_400_000

    static func events(count: Int = 20_000, days: Int = 30, seed: UInt64 = 42) -> [TrackedEvent] {
        var all: [TrackedEvent] = []
        DemoGenerator(eventCount: count, days: days, seed: seed, end: end).generate { all += $0 }
        return all
    }

    @Test("the same seed gives the same events, byte for byte")
    func deterministic() {
        let first = Self.events()
        let second = Self.events()
        #expect(first.count == 20_000)
        #expect(first == second)
    }

    @Test("a different seed gives different events")
    func seedMatters() {
        let first = Self.events(seed: 42)
        let other = Self.events(seed: 43)
        #expect(other.count == first.count)
        let same = zip(first, other).filter { $0 == $1 }.count
        #expect(same < first.count / 100)
    }

    @Test("events lie inside [end − days, end), in time order, and pass the event rules")
    func window() throws {
        let events = Self.events(days: 30)
        let start = Self.end - 30 * 86_400_000
        #expect(events.allSatisfy { $0.timestamp >= start && $0.timestamp < Self.end })
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        // Every event survives a round trip through the decoder: valid by SPEC §2, data intact.
        for event in events.prefix(2_000) {
            var json = #"{"event_type":"\#(event.eventType)","event_data":\#(event.eventData),"timestamp":\#(event.timestamp)}"#
            if let user = event.userId { json.removeLast(); json += #","user_id":\#(JSONObjectWriter.quote(user))}"# }
            let decoded = try EventDecoder().decode(json, receivedAt: Self.end)
            #expect(decoded.eventData == event.eventData)
            #expect(decoded.fields == event.fields)
            #expect(decoded.userId == event.userId)
        }
    }

    @Test("realistic: six services, the SPEC event mix, users with non-Latin names")
    func realism() {
        let events = Self.events(count: 30_000)
        let services = Set(events.compactMap(\.serviceName))
        #expect(services == [
            "pdf-service", "ocr-service", "parameter-extractor", "spice-generator", "model-validator", "api-gateway",
        ])
        let types = Set(events.map(\.eventType))
        #expect(types.isSuperset(of: ["document_processed", "processing_error", "error", "spice_model_generated"]))
        #expect(types.count >= 8)  // plus feature-usage events
        let users = Set(events.compactMap(\.userId))
        #expect(users.count > 500)
        #expect(users.contains("山田太郎"))
        #expect(users.contains("Анна Петрова"))
        #expect(users.contains { $0.unicodeScalars.contains { $0.value > 0x7F } })
        // Heavy tail: the busiest user has many times the median's activity.
        var perUser: [String: Int] = [:]
        for case let user? in events.map(\.userId) { perUser[user, default: 0] += 1 }
        let counts = perUser.values.sorted()
        #expect(counts.last! > 10 * counts[counts.count / 2])
        // Some processing_time_ms values are deliberately of the wrong type.
        #expect(events.contains { $0.eventType == "document_processed" && $0.fields.processingTimeMs == nil })
    }

    @Test("the ocr-service error spike: from 5 to 3 days before the end, errors jump")
    func ocrSpike() {
        let events = Self.events(count: 200_000, days: 30)
        func errorRate(_ window: (Int64) -> Bool) -> Double {
            let relevant = events.filter {
                $0.fields.service == "ocr-service" || ($0.eventType == "document_processed" && $0.serviceName == "ocr-service")
            }.filter { window($0.timestamp) && ($0.eventType == "document_processed" || $0.eventType == "processing_error") }
            let errors = relevant.filter { $0.eventType == "processing_error" }.count
            return Double(errors) / Double(max(1, relevant.count))
        }
        let spikeStart = Self.end - 5 * 86_400_000
        let spikeEnd = Self.end - 3 * 86_400_000
        let inside = errorRate { $0 >= spikeStart && $0 < spikeEnd }
        let outside = errorRate { $0 < spikeStart - 86_400_000 }
        // About 35 % inside against about 4.5 % (plus large-file failures) outside.
        #expect(inside > 0.25)
        #expect(outside < 0.10)
        #expect(inside > 3 * outside)
    }

    @Test("large files (≥ 50 MB) fail far more often than small ones")
    func largeFiles() {
        let events = Self.events(count: 200_000, days: 30)
        let documents = events.filter { $0.eventType == "document_processed" || $0.eventType == "processing_error" }
        func failureRate(_ large: Bool) -> Double {
            let group = documents.filter { (($0.fields.fileSizeMb ?? 0) >= 50) == large }
            return Double(group.filter { $0.eventType == "processing_error" }.count) / Double(max(1, group.count))
        }
        #expect(failureRate(true) > 4 * failureRate(false))
    }

    @Test("writing the demo stores exactly the generated events")
    func writesToStore() throws {
        let temp = TemporaryDirectory()
        let store = try TestStore.open(temp.path("demo.db"))
        let generator = DemoGenerator(eventCount: 3_000, days: 7, seed: 9, end: Self.end)
        #expect(try generator.write(to: store) == 3_000)
        var generated: [TrackedEvent] = []
        generator.generate { generated += $0 }
        #expect(try store.events(limit: 10_000).map(\.event) == generated)
    }
}
