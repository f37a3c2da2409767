import Foundation
import Model
@testable import Store
import Testing

/// The external sort of a large import in random time order (issue 16): runs written sorted to a
/// temporary file and merged back.
@Suite("Sorted runs spilled to a file and merged")
struct RunSpillTests {
    /// Events that use every field, none, and the edges of each: empty and non-ASCII strings,
    /// negative and extreme times and numbers, and event data larger than a read buffer.
    static let unusual: [TrackedEvent] = [
        TrackedEvent(eventType: "bare", timestamp: 0),
        TrackedEvent(
            eventType: "all", eventData: #"{"k":"v"}"#, serviceName: "svc", userId: "u-1", timestamp: 1_750_000_000_123,
            fields: EventFields(
                deviceType: "mobile", processingTimeMs: 12.5, fileSizeMb: 0.001, errorType: "Timeout",
                errorMessage: "took \"too\" long\n", service: "ocr", modelComplexity: "high", parametersExtracted: 7)),
        TrackedEvent(eventType: "", eventData: "", serviceName: "", userId: "", timestamp: -86_400_000),
        TrackedEvent(
            eventType: "ünïcødé 🧪", eventData: #"{"emoji":"🧪"}"#, userId: "用户", timestamp: Int64.max,
            fields: EventFields(processingTimeMs: -0.0, fileSizeMb: .infinity, parametersExtracted: -.greatestFiniteMagnitude)),
        TrackedEvent(eventType: "big", eventData: String(repeating: "x", count: 300_000), timestamp: Int64.min),
        TrackedEvent(eventType: "half", timestamp: 5, fields: EventFields(errorMessage: "only this")),
    ]

    /// The merge of `spill`'s runs, each slice's records decoded (``SpillCodec/decode(_:)``);
    /// `stopAfter` slices at most.
    static func merged(_ spill: RunSpill, sliceSize: Int, stopAfter: Int = .max) throws -> [[TrackedEvent]] {
        var slices: [[TrackedEvent]] = []
        try spill.mergeSlices(sliceSize: sliceSize) { (slice) throws(StoreError) -> Bool in
            slices.append(try slice.withPayloads { payload in (0..<slice.count).map { SpillCodec.decode(payload($0))! } })
            #expect(slice.lastTime == slices.last?.last?.timestamp)
            return slices.count < stopAfter
        }
        return slices
    }

    @Test("every field of an event comes back as written", arguments: unusual)
    func roundTrip(event: TrackedEvent) throws {
        let spill = try RunSpill(directory: TemporaryDirectory().url.path)
        try spill.append([event])
        #expect(try Self.merged(spill, sliceSize: 10) == [[event]])
    }

    /// The stored columns of `events` but the id and the time of storing.
    static func columns(_ events: [StoredEvent]) -> [String] {
        events.map { event in
            var copy = event
            copy.id = 0
            copy.receivedAt = 0
            return "\(copy)"
        }
    }

    @Test("every field of an event is stored from its record undecoded as the event inserted directly is", arguments: unusual)
    func recordStoresAsTheEvent(event: TrackedEvent) throws {
        let directory = TemporaryDirectory()
        let spill = try RunSpill(directory: directory.url.path)
        try spill.append([event])
        var slices: [SpillSlice] = []
        try spill.mergeSlices(sliceSize: 10) {
            slices.append($0)
            return true
        }
        try #require(slices.count == 1 && slices[0].count == 1)
        #expect(slices[0].lastTime == event.timestamp)
        let fromRecord = try TestStore.open(directory.path("record.db"))
        #expect(try fromRecord.insertSpilled(slices[0], receivedAt: june1Noon))
        let direct = try TestStore.open(directory.path("direct.db"))
        try direct.insertBatch([event], receivedAt: june1Noon)
        let stored = try fromRecord.events(limit: 10)
        #expect(stored.count == 1)
        #expect(Self.columns(stored) == Self.columns(try direct.events(limit: 10)))
    }

    @Test("a slice with a record cut short stores nothing of the slice")
    func damagedRecordStoresNothing() throws {
        let directory = TemporaryDirectory()
        var record: [UInt8] = []
        SpillCodec.append(Self.unusual[1], to: &record)
        let payload = Array(record.dropFirst(SpillCodec.lengthSize))
        var slice = SpillSlice()
        for cut in [payload, Array(payload.dropLast())] {
            cut.withUnsafeBufferPointer { slice.append($0, time: 0) }
        }
        let store = try TestStore.open(directory.path("damaged.db"))
        #expect(try store.insertSpilled(slice, receivedAt: june1Noon) == false)
        #expect(try store.events(limit: 10).isEmpty)
    }

    @Test("runs merge in time order, equal times in arrival order, in slices of the size asked", arguments: [1, 7, 1_000])
    func mergeOrder(sliceSize: Int) throws {
        // Five runs of arrivals with many equal times (time = a small hash of the arrival), each
        // sorted as TimeOrderedRuns sorts them; the second simple method is a stable sort of all
        // arrivals by time.
        let arrivals = (0..<2_000).map { TrackedEvent(eventType: "a\($0)", timestamp: Int64(($0 * 7_919) % 97)) }
        let spill = try RunSpill(directory: TemporaryDirectory().url.path)
        for run in stride(from: 0, to: arrivals.count, by: 400) {
            try spill.append(arrivals[run..<run + 400].enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element))
        }
        #expect(spill.runs.count == 5)
        let slices = try Self.merged(spill, sliceSize: sliceSize)
        let expected = arrivals.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
        #expect(slices.flatMap { $0 }.map(\.eventType) == expected.map(\.eventType))
        #expect(slices.dropLast().allSatisfy { $0.count == sliceSize } && (slices.last?.count ?? 0) <= sliceSize)
    }

    @Test("the sort file has no name: the directory holds nothing while it is used, and a merge can be stopped")
    func fileIsUnlinked() throws {
        let directory = TemporaryDirectory()
        let spill = try RunSpill(directory: directory.url.path)
        try spill.append(Self.unusual.sorted { $0.timestamp < $1.timestamp })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
        #expect(try Self.merged(spill, sliceSize: 2).flatMap { $0 }.count == Self.unusual.count)
        // A merge asked to stop after its first slice hands over nothing more.
        #expect(try Self.merged(spill, sliceSize: 2, stopAfter: 1).count == 1)
    }

    /// NDJSON lines whose event data carries every well-known field, varied by line.
    static func lines(_ times: [Int64]) -> [String] {
        times.enumerated().map { line, time in
            let data = #"{"device_type":"d\#(line % 3)","processing_time_ms":\#(line % 50).5,"file_size_mb":\#(line % 9),"error_type":"E\#(line % 4)","error_message":"m \#(line)","service":"s\#(line % 2)","model_complexity":"c","parameters_extracted":\#(line % 11)}"#
            return #"{"event_type":"e\#(line)","timestamp":\#(time),"user_id":"u\#(line % 37)","service_name":"svc\#(line % 5)","event_data":\#(data)}"#
        }
    }

    /// The import of `lines` into a store (fresh unless `before` is given), in runs of `runSize`,
    /// spilled once the table would pass `spillAbove` events; with the directory, to look into it
    /// afterwards.
    static func imported(
        _ lines: [String], runSize: Int, spillAbove: Int = 0, before: [TrackedEvent] = [], in directory: TemporaryDirectory
    ) throws -> (ImportSummary, [StoredEvent]) {
        let path = try directory.write("events-\(runSize).ndjson", lines.joined(separator: "\n"))
        let store = try TestStore.open(directory.path("t-\(runSize).db"))
        if !before.isEmpty { try store.insertBatch(before, receivedAt: june1Noon) }
        var options = ImportOptions()
        options.batchSize = 1_000
        var importer = EventImporter(options: options)
        importer.runSize = runSize
        importer.spillAbove = spillAbove
        let summary = try importer.run([.file(path)], into: store)
        return (summary, try store.events(limit: before.count + lines.count + 1))
    }

    /// Every stored column but the id and the time of storing, by event type (unique per line).
    static func contents(_ events: [StoredEvent]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: events.map { event in
            var copy = event
            copy.id = 0
            copy.receivedAt = 0
            return (event.eventType, "\(copy)")
        })
    }

    @Test("an import in random order larger than a run goes in whole, in one time order, with every column as an import in order stores it")
    func spilledImportMatchesOrdered() throws {
        let directory = TemporaryDirectory()
        // 12,345 lines with 3,001 distinct times (many equal), in a fixed permutation.
        let times = (0..<12_345).map { june1Noon + Int64(($0 * 7_919) % 3_001) * 1_000 }
        let (summary, stored) = try Self.imported(Self.lines(times), runSize: 1_000, in: directory)
        #expect(summary.imported == times.count && stored.count == times.count)
        // One order over the whole import (13 runs each sorted on its own would not be).
        #expect(stored.map(\.ts) == times.sorted())
        // Equal times keep the order of their lines.
        for (previous, next) in zip(stored, stored.dropFirst()) where previous.ts == next.ts {
            #expect(Int(previous.eventType.dropFirst())! < Int(next.eventType.dropFirst())!)
        }
        // The same lines sorted by time first are imported without runs: the same rows.
        let inOrder = times.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
        let allLines = Self.lines(times)
        let (_, reference) = try Self.imported(inOrder.map { allLines[$0.offset] }, runSize: 1_000_000, spillAbove: .max, in: directory)
        #expect(Self.contents(stored) == Self.contents(reference))
        #expect(stored.contains { $0.deviceType == "d2" && $0.parametersExtracted == 10 && $0.errorService == "s1" })
        // Nothing but the two imports' files is left.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains("espice-import-sort") }
        #expect(left.isEmpty)
    }

    @Test("ordered batches before the first run keep their ids; after runs are spilled, ordered batches join them")
    func orderedThenSpilled() throws {
        let directory = TemporaryDirectory()
        // 3,000 in order, 5,000 reaching back before them (reversed), then 2,000 in order again.
        let ordered = (0..<3_000).map { june1Noon + 100_000 + Int64($0) }
        let back = (0..<5_000).map { june1Noon + Int64(104_000 - $0 * 20) }
        let after = (0..<2_000).map { june1Noon + 200_000 + Int64($0) }
        let times = ordered + back + after
        let (summary, stored) = try Self.imported(Self.lines(times), runSize: 1_500, in: directory)
        #expect(summary.imported == times.count && stored.count == times.count)
        #expect(Array(stored.prefix(3_000).map(\.ts)) == ordered)
        #expect(Array(stored.dropFirst(3_000).map(\.ts)) == (back + after).sorted())
        #expect(Set(stored.map { "\($0.eventType) \($0.ts)" }) == Set(times.enumerated().map { "e\($0.offset) \($0.element)" }))
    }

    @Test("while the table is small each run goes in as it fills; past the size, the rest is spilled and goes in in one order")
    func spillsOnlyPastTheSize() throws {
        let directory = TemporaryDirectory()
        // 4,000 events already stored, then 3,000 lines in random order: runs of 1,000, spilled
        // past 5,000 events in the table. The first run (4,000 + 1,000) goes in alone; the second
        // would make 6,000, so it and the third are spilled and merged.
        let before = (0..<4_000).map { TrackedEvent(eventType: "old\($0)", timestamp: june1Noon - 1_000_000 + Int64($0)) }
        let times = (0..<3_000).map { june1Noon + Int64(($0 * 1_009) % 3_000) * 10 }
        let (summary, stored) = try Self.imported(Self.lines(times), runSize: 1_000, spillAbove: 5_000, before: before, in: directory)
        #expect(summary.imported == 3_000 && stored.count == 7_000)
        let imported = Array(stored.dropFirst(4_000))
        #expect(Array(imported.prefix(1_000).map(\.ts)) == times.prefix(1_000).sorted())
        #expect(Array(imported.dropFirst(1_000).map(\.ts)) == times.dropFirst(1_000).sorted())
        // With room for all of it, the three runs go in one by one.
        let (_, unspilled) = try Self.imported(Self.lines(times), runSize: 1_000, spillAbove: 7_000, before: before, in: TemporaryDirectory())
        #expect(unspilled.count == 7_000)
        for run in 0..<3 {
            #expect(Array(unspilled.dropFirst(4_000 + run * 1_000).prefix(1_000).map(\.ts)) == times.dropFirst(run * 1_000).prefix(1_000).sorted())
        }
    }

    @Test(
        "past the size, a lone run (a file of late events) goes in without the sort file; with a second, both are spilled",
        arguments: [300, 100])
    func loneRunIsNotSpilled(runSize: Int) throws {
        let directory = TemporaryDirectory()
        let store = try TestStore.open(directory.path("late.db"))
        _ = try store.insert((0..<50).map { TrackedEvent(eventType: "old\($0)", timestamp: june1Noon + Int64($0) * 1_000) })
        // 300 late events in a fixed permutation of their times, in two batches.
        let times = (0..<300).map { june1Noon + Int64(($0 * 37) % 300) * 100 }
        let late = times.enumerated().map { TrackedEvent(eventType: "late\($0.offset)", timestamp: $0.element) }
        var writer = TimeOrderedRuns(store: store, receivedAt: 0, sliceSize: 64, runSize: runSize, spillAbove: 10) { _ in }
        try writer.add(Array(late.prefix(150)))
        try writer.add(Array(late.dropFirst(150)))
        try writer.flush()
        #expect(writer.runsSpilled == (runSize == 300 ? 0 : 2))
        let stored = try store.events(limit: 1_000)
        #expect(stored.count == 350)
        #expect(Array(stored.dropFirst(50).map(\.ts)) == times.sorted())
    }
}
