import Foundation
import Logging
import Model
import Reports
@testable import Store
import Testing

/// A rebuild of the rollups writes shadow tables in short transactions and swaps them in at the
/// end (issue 16: an ingest daemon beside `report all --full` waited a third of a second for its
/// one big transaction). These tests act between the slices, through a second store on the same
/// file — another process's view — with the write lock free.
@Suite("Rebuilds in slices")
struct RebuildInSlicesTests {
    static let asOf = ReportFixture.time("2026-11-27T13:47:12.345Z")
    static let ranges: [TimeRange] = [.days(7), .days(30)]

    /// Every report type over ``ranges``, as JSON, from the rollups as they are (no refresh).
    static func reports(_ engine: ReportEngine, ranges: [TimeRange] = ranges) throws -> [String] {
        try ReportType.allCases.flatMap { type in
            try ranges.map { range in
                String(decoding: try engine.generate(ReportRequest(type: type, range: range, asOf: asOf), generatedAt: 0).json(), as: UTF8.self)
            }
        }
    }

    /// A fixture holding 1,500 random events with users, folded once.
    static func folded(zone: String = "Europe/Berlin") throws -> (ReportFixture, [TrackedEvent]) {
        let fixture = try ReportFixture(zone: zone)
        let events = IncrementalRollupTests.randomEvents(seed: 77, count: 1500, lateShare: 0.2).flatMap { $0 }
        try fixture.add(events)
        _ = try fixture.engine.refresh()
        return (fixture, events)
    }

    /// The shadow and old tables in the file, read by the sqlite3 program ("" when none).
    static func leftovers(_ fixture: ReportFixture) throws -> String {
        try ArrivalOrderTests.sqlite(
            fixture.store.path,
            "SELECT group_concat(name) FROM sqlite_master WHERE name LIKE 'next\\_%' ESCAPE '\\' OR name LIKE 'old\\_%' ESCAPE '\\'")
    }

    /// True when the leftovers are all tables a rebuild swapped out (and at least one).
    static func oldTablesOnly(_ fixture: ReportFixture) throws -> Bool {
        let names = try leftovers(fixture).split(separator: ",")
        return !names.isEmpty && names.allSatisfy { $0.hasPrefix("old_") }
    }

    @Test("while a rebuild writes, readers see the old figures and another writer commits between its slices")
    func readersAndWritersBetweenSlices() throws {
        let (fixture, events) = try Self.folded()
        let other = try AnalyticsStore(path: fixture.store.path, logger: Logger(label: "other"))
        let otherEngine = ReportEngine(store: other, roles: .defaults, calendar: fixture.engine.settings.calendar)
        let before = try Self.reports(otherEngine)
        let late = (0..<40).map { index in
            ReportFixture.processed(
                "2026-11-2\(index % 7)T0\(index % 10):15:00Z", service: "pdf-service", ms: Double(100 + index), user: "late-\(index % 5)")
        }
        var calls = 0
        var seenDuring: [[String]] = []
        // Slices of no budget: each commits after a row, so a rebuild of 1,500 events has thousands.
        let slices = RebuildSlices(budget: .zero, pause: .zero) {
            calls += 1
            if calls <= late.count { try other.insert([late[calls - 1]]) }  // a write while the rebuild holds no lock
            if [1, 50, 500].contains(calls) { seenDuring.append(try Self.reports(otherEngine)) }
        }
        let rebuild = try fixture.store.refreshRollups(fixture.engine.settings, full: true, chunkSize: 300, workers: 2, slices: slices)
        #expect(rebuild.rebuilt && rebuild.folded == events.count)
        #expect(calls > late.count)
        #expect(seenDuring.count == 3)
        for seen in seenDuring { #expect(seen == before) }
        // The swapped-out tables stay until the next refresh drops them; no shadow is left.
        #expect(try Self.oldTablesOnly(fixture))

        // The events written between slices come with the next refresh; the figures then equal a
        // database that got every event before a single ordinary fold.
        _ = try fixture.engine.refresh()
        fixture.store.finishBackgroundWork()  // the drop runs beside the caller's reports
        #expect(try Self.leftovers(fixture) == "")
        let reference = try ReportFixture(zone: "Europe/Berlin")
        try reference.add(events + late)
        _ = try reference.engine.refresh()
        #expect(try Self.reports(fixture.engine) == (try Self.reports(reference.engine)))
        #expect(try Self.reports(fixture.engine) != before)
    }

    @Test("a rebuild overtaken by another stops with an error, and the other's rollups stay")
    func overtakenRebuildStops() throws {
        let (fixture, events) = try Self.folded()
        let other = try AnalyticsStore(path: fixture.store.path, logger: Logger(label: "other"))
        let settings = fixture.engine.settings
        var calls = 0
        let slices = RebuildSlices(budget: .zero, pause: .zero) {
            calls += 1
            if calls == 1 {
                let overtaking = try other.refreshRollups(settings, full: true)
                #expect(overtaking.rebuilt && overtaking.folded == events.count)
            }
        }
        var failure: StoreError?
        do { _ = try fixture.store.refreshRollups(settings, full: true, chunkSize: 300, workers: 2, slices: slices) } catch { failure = error }
        #expect(failure.map { "\($0)" }?.contains("another build started rebuilding the rollups") == true, "\(String(describing: failure))")
        #expect(try Self.oldTablesOnly(fixture))
        let reference = try ReportFixture(zone: "Europe/Berlin")
        try reference.add(events)
        _ = try reference.engine.refresh()
        #expect(try Self.reports(fixture.engine) == (try Self.reports(reference.engine)))
    }

    @Test("a prune committed during a rebuild makes it refuse, and its shadows are dropped")
    func pruneDuringRebuild() throws {
        let (fixture, _) = try Self.folded()
        let other = try AnalyticsStore(path: fixture.store.path, logger: Logger(label: "other"))
        let settings = fixture.engine.settings
        // The 7-day window starts after the cutoff: its figures do not depend on raw events kept.
        let before = try Self.reports(fixture.engine, ranges: [.days(7)])
        let cutoff = AnalyticsStore.pruneCutoff(days: 20, now: Self.asOf, calendar: settings.calendar)
        var pruned = 0
        let slices = RebuildSlices(budget: .zero, pause: .zero) {
            if pruned == 0 { pruned = try other.pruneRawEvents(before: cutoff, settings: settings).deleted }
        }
        var failure: StoreError?
        do { _ = try fixture.store.refreshRollups(settings, full: true, chunkSize: 300, workers: 2, slices: slices) } catch { failure = error }
        guard case .rollupsHoldPrunedEvents(_, let rawSince, true)? = failure else {
            Issue.record("expected the refusal after a prune, got \(String(describing: failure))")
            return
        }
        #expect(rawSince == cutoff)
        #expect(pruned > 0)
        #expect(try Self.leftovers(fixture) == "")
        // The figures are the live rollups' as before; the metadata now says where raw events start.
        let note = ",\"raw_events_since\":\"\(Timestamp.iso8601(cutoff))\""
        let after = try Self.reports(fixture.engine, ranges: [.days(7)])
        #expect(after.contains { $0.contains(note) })
        #expect(after.map { $0.replacingOccurrences(of: note, with: "") } == before)
    }

    @Test("tables left by a rebuild that crashed are dropped by the next one, and the swapped-out ones by the next refresh that folds")
    func leftoversOfACrash() throws {
        let (fixture, events) = try Self.folded(zone: "UTC")
        _ = try ArrivalOrderTests.sqlite(
            fixture.store.path,
            "CREATE TABLE next_ru_types (x); CREATE TABLE next_rollup_rebuild (token TEXT); INSERT INTO next_rollup_rebuild VALUES ('dead');"
                + " CREATE TABLE next_ru_users (y); INSERT INTO next_ru_users VALUES (1);")
        // With the old tables the first fold swapped out: those stay until the next refresh.
        #expect(try Self.leftovers(fixture).contains("next_ru_users"))
        let rebuild = try fixture.engine.refresh(full: true)
        #expect(rebuild.rebuilt && rebuild.folded == events.count)
        #expect(try Self.oldTablesOnly(fixture))
        // A refresh with nothing to fold leaves the old tables; the next one that folds drops them.
        let idle = try fixture.engine.refresh()
        #expect(!idle.rebuilt && idle.folded == 0)
        #expect(try Self.oldTablesOnly(fixture))
        let one = ReportFixture.processed("2026-11-26T10:00:00Z", service: "pdf-service", ms: 250, user: "one-more")
        try fixture.add([one])
        #expect(try fixture.engine.refresh().folded == 1)
        fixture.store.finishBackgroundWork()
        #expect(try Self.leftovers(fixture) == "")
        let reference = try ReportFixture(zone: "UTC")
        try reference.add(events + [one])
        _ = try reference.engine.refresh()
        #expect(try Self.reports(fixture.engine) == (try Self.reports(reference.engine)))
    }

    @Test("a refresh after a rebuild returns while the swapped-out tables are still being dropped")
    func refreshReturnsBeforeTheDrop() throws {
        let (fixture, events) = try Self.folded(zone: "UTC")
        #expect(try fixture.engine.refresh(full: true).folded == events.count)
        #expect(try Self.oldTablesOnly(fixture))
        try fixture.add([ReportFixture.processed("2026-11-26T10:00:00Z", service: "pdf-service", ms: 250, user: "one-more")])
        // A drop of a slice per index and table, 100 ms apart: seconds in all. The refresh must
        // hand the writer over to it and return, so that its caller's reports run beside it
        // (putting the writer's automatic checkpoints back once waited for the whole drop).
        let slices = RebuildSlices(budget: .zero, pause: .milliseconds(100))
        let refresh = try fixture.store.refreshRollups(fixture.engine.settings, chunkSize: 300, workers: 2, slices: slices)
        #expect(refresh.folded == 1 && !refresh.rebuilt)
        #expect(try Self.oldTablesOnly(fixture))
        fixture.store.finishBackgroundWork()
        #expect(try Self.leftovers(fixture) == "")
        #expect(try fixture.store.writerAutocheckpoint() > 0)
    }

    @Test("the swap leaves a schema sqlite3 finds sound, and later writes land in the swapped-in tables")
    func swapKeepsTheSchemaSound() throws {
        let (fixture, events) = try Self.folded(zone: "UTC")
        let more = IncrementalRollupTests.randomEvents(seed: 78, count: 300, lateShare: 0.3).flatMap { $0 }
        let schemaSQL = "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE tbl_name = 'ru_timings' ORDER BY name)"
        var index = try #require(try ArrivalOrderTests.sqlite(fixture.store.path, schemaSQL).split(separator: " ").first { $0.contains("by_slot") })
        // Two rebuilds: the index name gains `_b` or loses it each time (the table has no other
        // index).
        for _ in 1...2 {
            let rebuild = try fixture.engine.refresh(full: true)
            #expect(rebuild.rebuilt && rebuild.folded == events.count)
            #expect(try ArrivalOrderTests.sqlite(fixture.store.path, "PRAGMA integrity_check") == "ok")
            index = index.hasSuffix("_b") ? index.dropLast(2) : Substring(index + "_b")
            #expect(try ArrivalOrderTests.sqlite(fixture.store.path, schemaSQL) == "ru_timings \(index)")
            // The fast swap writes the names bare; the fallback, ALTER TABLE, would quote them.
            for name in ["ru_timings", "ru_users"] {
                let table = try ArrivalOrderTests.sqlite(fixture.store.path, "SELECT sql FROM sqlite_master WHERE name = '\(name)'")
                #expect(table.hasPrefix("CREATE TABLE \(name) ("), "\(table)")
            }
        }
        // The writer that swapped goes on writing (an incremental refresh) through the new schema;
        // sqlite3 counts the users from the events on its own.
        try fixture.add(more)
        let refresh = try fixture.engine.refresh()
        #expect(!refresh.rebuilt && refresh.folded == more.count)
        fixture.store.finishBackgroundWork()
        #expect(try ArrivalOrderTests.sqlite(fixture.store.path, "PRAGMA integrity_check") == "ok")
        #expect(try Self.leftovers(fixture) == "")
        let users = try ArrivalOrderTests.sqlite(fixture.store.path, "SELECT count(DISTINCT user_id) FROM events WHERE user_id IS NOT NULL")
        #expect(try ArrivalOrderTests.sqlite(fixture.store.path, "SELECT count(*) FROM ru_users") == users)
        // No index keeps ids unique any more: the directory does.
        #expect(try ArrivalOrderTests.sqlite(fixture.store.path, "SELECT count(DISTINCT user_id) FROM ru_users") == users)
        #expect(Int(users) ?? 0 > 0)
        let reference = try ReportFixture(zone: "UTC")
        try reference.add(events + more)
        _ = try reference.engine.refresh()
        #expect(try Self.reports(fixture.engine) == (try Self.reports(reference.engine)))
    }
}
