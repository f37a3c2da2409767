import Foundation
import GRDB
import Model
@testable import Store
import Testing

/// Bulk loads (import, demo) insert 64 rows per statement; the rows must be exactly the events.
@Suite("bulk insert")
struct BulkInsertTests {
    let temp = TemporaryDirectory()

    /// Events that vary every column, including NULLs, empty strings and non-Latin text.
    static func varied(_ count: Int) -> [TrackedEvent] {
        (0..<count).map(variedEvent)
    }

    static func variedEvent(_ index: Int) -> TrackedEvent {
        func when(_ modulus: Int) -> Bool { index % modulus == 0 }
        var fields = EventFields()
        fields.deviceType = when(3) ? "GaN-HEMT" : nil
        fields.processingTimeMs = when(4) ? Double(index) * 1.5 : nil
        fields.fileSizeMb = when(6) ? 0.25 : nil
        fields.errorType = when(8) ? "timeout" : nil
        fields.errorMessage = when(9) ? "failed \"\(index)\"" : nil
        fields.service = when(10) ? "ocr" : nil
        fields.modelComplexity = when(12) ? "expert" : nil
        fields.parametersExtracted = when(13) ? Double(index) : nil
        let user: String? = when(11) ? "" : (when(2) ? "山田\(index)" : nil)
        let data = #"{"i": "# + String(index) + #", "s": "é"}"#
        return TrackedEvent(
            eventType: "type_\(index % 7)", eventData: data, serviceName: when(5) ? nil : "service-\(index % 3)",
            userId: user, timestamp: june1Noon + Int64(index), fields: fields)
    }

    @Test("a batch spanning whole 64-row statements and a remainder is stored row for row", arguments: [
        1, 63, 64, 65, 150, 1_000,
    ])
    func rowForRow(count: Int) throws {
        let store = try TestStore.open(temp.path("bulk-\(count).db"))
        let events = Self.varied(count)
        try store.insertBatch(events, receivedAt: june1Noon + 99)
        let stored = try store.events(limit: 10_000)
        #expect(stored.map(\.event) == events)
        #expect(stored.allSatisfy { $0.receivedAt == june1Noon + 99 })
        #expect(stored.map(\.id) == Array(1...Int64(count)))
    }

    @Test("an empty string is stored as '' and a missing value as NULL")
    func emptyIsNotNull() throws {
        let store = try TestStore.open(temp.path("empty.db"))
        try store.insertBatch(
            [TrackedEvent(eventType: "x", userId: "", timestamp: 1), TrackedEvent(eventType: "x", timestamp: 2)],
            receivedAt: 3)
        let nulls = try store.read { db in
            try Int.fetchAll(db, sql: "SELECT user_id IS NULL FROM events ORDER BY id")
        }
        #expect(nulls == [0, 1])
    }

    @Test("a failing row rolls back its whole batch")
    func rollsBack() throws {
        let store = try TestStore.open(temp.path("fail.db"))
        try store.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.event_type = 'poison'
                BEGIN SELECT RAISE(ABORT, 'poisoned'); END
                """)
        }
        var events = Self.varied(200)
        events[130].eventType = "poison"
        #expect(throws: StoreError.self) { try store.insertBatch(events, receivedAt: 0) }
        #expect(try store.eventCount() == 0)
    }
}
