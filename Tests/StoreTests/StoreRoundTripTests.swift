import Foundation
import Model
import Store
import Testing

@Suite("store round trip")
struct StoreRoundTripTests {
    let temp = TemporaryDirectory()

    @Test("events go in and come back with every column, in order, with their receipt time")
    func roundTrip() throws {
        let store = try TestStore.open(temp.path("events.db"))
        let full = TrackedEvent(
            eventType: "processing_error", eventData: #"{ "error_type":"timeout" , "x":[1] }"#,
            serviceName: "ocr-service", userId: "山田太郎", timestamp: june1Noon + 1,
            fields: EventFields(
                deviceType: "GaN-HEMT", processingTimeMs: 1500, fileSizeMb: 2.5, errorType: "timeout",
                errorMessage: "Timed out", service: "ocr-service", modelComplexity: "basic", parametersExtracted: 12))
        let bare = TrackedEvent(eventType: "page_view", timestamp: june1Noon)
        let receivedAt = june1Noon + 60_000
        let ids = try store.insert([full, bare], receivedAt: receivedAt)
        #expect(ids.count == 2)
        #expect(ids[1] == ids[0] + 1)

        let stored = try store.events()
        #expect(stored.map(\.id) == ids)
        #expect(stored.map(\.event) == [full, bare])
        #expect(stored.allSatisfy { $0.receivedAt == receivedAt })
        #expect(try store.eventCount() == 2)
    }

    @Test("db info reports count, time span, WAL mode and the schema version")
    func info() throws {
        let path = temp.path("info.db")
        let store = try TestStore.open(path)
        try store.insert([
            TrackedEvent(eventType: "a", timestamp: june1Noon),
            TrackedEvent(eventType: "b", timestamp: june1Noon - 3_600_000),
            TrackedEvent(eventType: "c", timestamp: june1Noon + 5),
        ])
        let info = try store.info()
        #expect(info.path == path)
        #expect(info.eventCount == 3)
        #expect(info.firstEvent == june1Noon - 3_600_000)
        #expect(info.lastEvent == june1Noon + 5)
        #expect(info.journalMode == "wal")
        #expect(info.schemaVersion == AnalyticsStore.knownMigrations.count)
        #expect(info.migrations == AnalyticsStore.knownMigrations)
        #expect(info.sizeBytes > 0)
    }

    @Test("events after an id are paged in id order")
    func paging() throws {
        let store = try TestStore.open(temp.path("paging.db"))
        let ids = try store.insert((0..<5).map { TrackedEvent(eventType: "e\($0)", timestamp: june1Noon) })
        let page = try store.events(afterId: ids[1], limit: 2)
        #expect(page.map(\.eventType) == ["e2", "e3"])
    }

    @Test("a missing database directory is created")
    func createsDirectory() throws {
        let path = temp.path("a/b/c/analytics.db")
        let store = try TestStore.open(path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.eventCount() == 0)
    }

    @Test("an empty file becomes a new database")
    func emptyFile() throws {
        let path = try temp.write("empty.db", "")
        let store = try TestStore.open(path)
        try store.insert([TrackedEvent(eventType: "x", timestamp: june1Noon)])
        #expect(try store.eventCount() == 1)
    }

    @Test("a failing event rolls the whole transaction back")
    func transactionRollsBack() throws {
        let store = try TestStore.open(temp.path("rollback.db"))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.withEventTransaction { sink in
                try sink.insert(TrackedEvent(eventType: "kept?", timestamp: june1Noon))
                throw Boom()
            }
        }
        #expect(try store.eventCount() == 0)
    }
}
