import Foundation
import GRDB
import Model
@testable import Store
import Testing

/// The rollup fold keyed by integers (``SlotFolder``) against the fold of ``Aggregates``, event by
/// event, on the same stored events: every family and every user's days must be equal.
@Suite("Slot folder")
struct SlotFolderTests {
    let temp = TemporaryDirectory()

    /// Events of every role, with NULL and empty texts, file sizes on the band edges, messages that
    /// normalise to the same text, and many users, over ten days (a DST change in New York).
    private func events(seed: UInt64) -> [TrackedEvent] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        func pick<T>(_ values: [T]) -> T { values[next(values.count)] }
        let start: Int64 = 1_793_318_400_000  // 2026-10-30T00:00:00Z
        return (0..<6_000).map { _ in
            TrackedEvent(
                eventType: pick(["document_processed", "processing_error", "error", "spice_model_generated", "page_view", ""]),
                serviceName: pick([nil, "", "pdf-service", "ocr-service", "山田-svc"]),
                userId: next(4) == 0 ? nil : "u\(next(3_000))",
                timestamp: start + Int64(next(10 * 86_400)) * 1_000 + Int64(next(1_000)),
                fields: EventFields(
                    deviceType: pick([nil, "IGBT", "MOSFET", ""]),
                    processingTimeMs: next(5) == 0 ? nil : Double(next(100_000)) / 7,
                    fileSizeMb: pick([nil, 0, 0.5, 1, 9.99, 10, 49.5, 50, 120]),
                    errorType: pick([nil, "timeout", "oom"]),
                    errorMessage: pick([nil, "Timeout after \(next(60))s on file \(next(900)).pdf", "disk full", ""]),
                    service: pick([nil, "", "svc-b"]),
                    modelComplexity: pick([nil, "low", "high"]),
                    parametersExtracted: next(3) == 0 ? nil : Double(next(1_000)) / 3))
        }
    }

    /// The messages' cache limit: the default, and one the events pass many times over (the
    /// cache is emptied and filled again while the same messages keep coming).
    @Test(
        "the integer-keyed fold equals the fold of Aggregates in every family and user day",
        arguments: ["UTC", "Asia/Kolkata", "America/New_York"], [8_192, 16])
    func equalsAggregatesFold(zone: String, messageCacheLimit: Int) throws {
        let store = try TestStore.open(temp.path("fold-\(zone.replacingOccurrences(of: "/", with: "-"))-\(messageCacheLimit).db"))
        _ = try store.insert(events(seed: 17))
        // Service names and user ids whose bytes are not UTF-8: each reads as U+FFFD, and the two
        // spellings are one service and one user.
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO events (ts, received_at, event_type, event_data, service_name, user_id)
                VALUES (1793400000000, 0, 'document_processed', '{}', CAST(x'FF' AS TEXT), CAST(x'FF' AS TEXT)),
                       (1793400001000, 0, 'document_processed', '{}', CAST(x'FE' AS TEXT), CAST(x'C3' AS TEXT))
                """)
        }
        let settings = RollupSettings(roles: .defaults, calendar: try ZoneCalendar(identifier: zone))
        let (folded, expected) = try store.read { db -> (SlotFolder, Aggregates) in
            var slotFolder = SlotFolder(roles: settings.roles, calendar: settings.calendar, messageCacheLimit: messageCacheLimit)
            try slotFolder.fold(db, where: "id > ? AND id <= ?", arguments: [0, 1_000_000], users: true)
            var expected = Aggregates()
            var folder = Folder(roles: settings.roles, calendar: settings.calendar)
            try EventScanner.scan(db, where: "1", arguments: []) { _, event in folder.fold(event, into: &expected) }
            return (slotFolder, expected)
        }
        #expect(folded.count == 6_002)
        let actual = folded.aggregates()
        #expect(actual.types == expected.types)
        #expect(actual.hours == expected.hours)
        #expect(actual.timings == expected.timings)
        #expect(actual.dimensions == expected.dimensions)
        #expect(actual.models == expected.models)
        #expect(actual.errors == expected.errors)
        #expect(actual.messages == expected.messages)
        #expect(actual.types.keys.contains { $0.serviceName == "\u{FFFD}" })
        #expect(!actual.messages.isEmpty && !actual.timings.isEmpty && !actual.models.isEmpty)
        // Messages that normalise to one text, from far more raw spellings than a cache of 16.
        #expect(Set(expected.messages.keys.map(\.message)).count < 10)
        #expect(expected.messages.values.reduce(0, +) > 1_000)
        var userDays: [UserDayKey: UserActivity] = [:]
        for (day, user, value) in folded.users.entries {
            userDays[UserDayKey(day: day, userId: folded.users.users.strings[user]), default: UserActivity()].merge(value)
        }
        #expect(userDays == expected.userDays)
        #expect(folded.users.count == expected.userDays.count)
        #expect(expected.userDays.contains { $0.key.userId == "\u{FFFD}" && $0.value.events == 2 })
    }
}
