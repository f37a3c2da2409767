import Foundation
import GRDB
import Model
@testable import Store
import Testing

/// The ingest daemon's WAL checkpoints run beside its commits, not inside them.
@Suite("WAL checkpoints off the commit path")
struct CheckpointTests {
    let temp = TemporaryDirectory()

    /// The WAL's size in bytes after 60 transactions of 1,000 events, with automatic
    /// checkpoints off on the writer, and a background checkpointer when `background`.
    func walSize(background: Bool, name: String) throws -> Int {
        let path = temp.path(name)
        let store = try TestStore.open(path)
        let checkpointer = try store.startBackgroundCheckpoints(every: 0.02)
        if !background { checkpointer.stop() }
        #expect(try store.writerAutocheckpoint() == 0)
        var largest = 0
        for round in 0..<60 {
            let events = (0..<1_000).map {
                TrackedEvent(eventType: "e", serviceName: "s\($0 % 7)", userId: "u\(round)-\($0)", timestamp: june1Noon + Int64(round * 1_000 + $0))
            }
            try store.insertBatch(events, receivedAt: june1Noon)
            Thread.sleep(forTimeInterval: 0.03)
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            largest = max(largest, size ?? 0)
        }
        if background { checkpointer.stop() }
        #expect(try store.events(limit: 70_000).count == 60_000)
        return largest
    }

    @Test("with the writer's automatic checkpoints off, the background checkpointer keeps the WAL bounded")
    func backgroundCheckpointsBoundTheWAL() throws {
        let without = try walSize(background: false, name: "without.db")
        let with = try walSize(background: true, name: "with.db")
        // Without checkpoints every transaction's pages stay in the WAL (60,000 events: ~6.5 MB
        // here); with them it starts over after each checkpoint (a few transactions' worth).
        #expect(without > 3_000_000, "WAL without checkpoints: \(without) bytes")
        #expect(with * 4 < without, "WAL with background checkpoints: \(with) bytes, without: \(without)")
    }

    /// The checkpoint sequence number in the WAL's header (bytes 12–15, big-endian), which
    /// SQLite raises each time the WAL starts over; nil before the file has a header.
    func walSequence(_ path: String) -> UInt32? {
        guard let handle = FileHandle(forReadingAtPath: path + "-wal") else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 16), header.count == 16 else { return nil }
        return header[12..<16].reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test("under group commits with no pause between them, the WAL still starts over once it holds the frames asked")
    func walStartsOverUnderSteadyCommits() async throws {
        let path = temp.path("steady.db")
        let store = try AnalyticsStore(path: path, durability: .full, logger: TestStore.logger)
        let checkpointer = try store.startBackgroundCheckpoints(every: 0.02, restartFrames: 256)
        defer { checkpointer.stop() }
        // A count of commits, not a time: on a slow or busy host the commits slow down with the
        // checkpointer, and the WAL's bound (256 frames, plus what commits while a pass runs)
        // stays a small part of what they append.
        let commits = 4_000
        var largest = 0
        var sequences = Set<UInt32>()
        for commit in 0..<commits {
            let group = (0..<20).map {
                TrackedEvent(eventType: "e", serviceName: "s", userId: "u\(commit)-\($0)", timestamp: june1Noon + Int64(commit * 20 + $0))
            }
            _ = try await store.commit([group])
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            largest = max(largest, size ?? 0)
            if let sequence = walSequence(path) { sequences.insert(sequence) }
        }
        // Every commit appends at least one frame (a 4,096-byte page and its 24-byte header): a
        // WAL that never started over would hold them all (16.5 MB at least).
        let appended = commits * 4_120
        #expect(largest * 4 < appended, "largest WAL \(largest) bytes after \(commits) commits (\(appended) bytes of frames at least)")
        #expect(sequences.count >= 3, "the WAL started over \(sequences.count - 1) times")
        #expect(try store.eventCount() == commits * 20)
    }

    @Test("the writer sees another connection's commits in data_version, not its own, so it leaves the WAL to that writer")
    func anotherWriterIsSeen() async throws {
        let path = temp.path("two-writers.db")
        let store = try AnalyticsStore(path: path, durability: .full, logger: TestStore.logger)
        let other = try TestStore.open(path)
        func version() throws -> Int {
            try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") } ?? -1
        }
        let event = TrackedEvent(eventType: "e", serviceName: "s", userId: "u", timestamp: june1Noon)
        #expect(!store.checkpointHandoff.noOtherWriter(version: try version()))  // never looked before
        _ = try await store.commit([[event]])
        #expect(store.checkpointHandoff.noOtherWriter(version: try version()))
        try other.insertBatch([event], receivedAt: june1Noon)
        #expect(!store.checkpointHandoff.noOtherWriter(version: try version()))
        _ = try await store.commit([[event]])
        #expect(store.checkpointHandoff.noOtherWriter(version: try version()))
    }

    /// Events at one minute apart, in reverse time order when `reversed` (the order decides
    /// whether a rebuild reads its user days beside the fold).
    func refreshed(_ store: AnalyticsStore, count: Int, reversed: Bool) throws -> RollupRefresh {
        var events = (0..<count).map {
            TrackedEvent(eventType: "e", serviceName: "s\($0 % 5)", userId: "u\($0 % 300)", timestamp: june1Noon + Int64($0) * 60_000)
        }
        if reversed { events.reverse() }
        try store.insertBatch(events, receivedAt: june1Noon)
        let settings = RollupSettings(roles: .defaults, calendar: .utc)
        return try store.refreshRollups(settings, full: true, usersByDayAbove: 0)
    }

    @Test("a refresh runs its checkpoints beside its writer, then gives the writer its own back", arguments: [false, true])
    func refreshGivesCheckpointsBack(reversed: Bool) throws {
        let store = try TestStore.open(temp.path("refresh-\(reversed).db"))
        #expect(try store.writerAutocheckpoint() == 1_000)
        let refresh = try refreshed(store, count: 5_000, reversed: reversed)
        #expect(refresh.folded == 5_000 && refresh.rebuilt)
        #expect(try store.writerAutocheckpoint() == 1_000)
    }

    @Test("a refresh that merges into the live tables gives the writer SQLite's page cache back")
    func refreshGivesThePageCacheBack() throws {
        let store = try TestStore.open(temp.path("cache.db"))
        _ = try refreshed(store, count: 2_000, reversed: false)
        // Late events: merged into the live tables, in one transaction with a larger cache.
        try store.insertBatch(
            (0..<500).map { TrackedEvent(eventType: "late", serviceName: "s", userId: "u\($0)", timestamp: june1Noon - Int64($0) * 60_000) },
            receivedAt: june1Noon)
        let refresh = try store.refreshRollups(RollupSettings(roles: .defaults, calendar: .utc))
        #expect(refresh.folded == 500 && !refresh.rebuilt)
        #expect(try store.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -2000)
    }

    @Test("a refresh in the ingest daemon leaves its checkpointer in charge")
    func refreshBesideTheDaemonsCheckpointer() throws {
        let store = try TestStore.open(temp.path("daemon.db"))
        let checkpointer = try store.startBackgroundCheckpoints(every: 0.02)
        defer { checkpointer.stop() }
        _ = try refreshed(store, count: 3_000, reversed: true)
        #expect(try store.writerAutocheckpoint() == 0)
    }
}
