import Foundation
import Testing

@testable import Site

/// The gzip copies made in segments (issue 16): any gzip reader reads them; the copy of a
/// changed file takes the unchanged segments' compressed bytes from the previous copy, and is
/// then the same bytes as a copy made from nothing.
@Suite("segmented gzip copies")
struct SegmentedGzipTests {
    /// Small segments, so that a few hundred kilobytes make dozens of them.
    static let sizes = GzipSegmenting(threshold: 0, minimum: 8 << 10, boundaryBits: 13, maximum: 64 << 10)

    /// A temporary directory, removed at the end of the test.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    }

    /// Lines like a user_activity CSV's, `count` of them from `first`, with a seeded generator.
    static func lines(_ first: Int, _ count: Int, seed: UInt64) -> [String] {
        var state = seed
        return (first..<(first + count)).map { index in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "user_activity,user-\(state >> 40),2026-11-\(10 + index / 5_000),\(index % 97 + Int(state >> 60))\r\n"
        }
    }

    static func write(_ lines: [String], to path: String) throws {
        try Data(lines.joined().utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Python's gzip module (which checks the CRC and length in the trailer) reads `path`.
    static func pythonGunzip(_ path: String) throws -> Data {
        try python("import gzip, sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())", path)
    }

    /// What `python3 -c script path` writes to its standard output; it must exit 0.
    static func python(_ script: String, _ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed on \(path)")
        return data
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// `a.csv` of 20,000 lines made with `seed` in a new folder, and its copy `a.csv.gz` in
    /// dozens of segments.
    static func copied(seed: UInt64) throws -> (Folder, SegmentedGzip.Outcome) {
        let folder = try Folder()
        try write(lines(0, 20_000, seed: seed), to: folder.path("a.csv"))
        let outcome = try SegmentedGzip.write(folder.path("a.csv"), to: folder.path("a.csv.gz"), sizes: sizes, previous: nil)
        #expect(outcome.index.segments.count > 10)
        return (folder, outcome)
    }

    @Test("a copy in many segments reads back as the file, through Python's gzip")
    func readsBack() throws {
        let (folder, outcome) = try Self.copied(seed: 1)
        #expect(outcome.reusedBytes == 0)
        #expect(outcome.index.rawSize == (try Self.bytes(folder.path("a.csv"))).count)
        #expect(outcome.index.segments.map(\.length).reduce(0, +) == outcome.index.rawSize)
        #expect(try Self.pythonGunzip(folder.path("a.csv.gz")) == Self.bytes(folder.path("a.csv")))
        // Every segment but the last ends at a boundary the hash chose, or at the maximum.
        #expect(outcome.index.segments.dropLast().allSatisfy { $0.length >= Self.sizes.minimum && $0.length <= Self.sizes.maximum })
    }

    @Test("each segment inflates on its own to its bytes of the file, through Python's zlib (no reference to the segment before)")
    func segmentsStandAlone() throws {
        let (folder, outcome) = try Self.copied(seed: 3)
        // For each segment: raw inflate of its compressed bytes alone, compared with its bytes of
        // the file; Python prints one line per segment that differs.
        let ranges = outcome.index.segments.map { "\($0.offset),\($0.size)" }.joined(separator: ";")
        var raw = 0
        let expected = outcome.index.segments.map { segment in
            defer { raw += segment.length }
            return "\(raw),\(segment.length)"
        }.joined(separator: ";")
        let script = """
            import sys, zlib
            gz, plain = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
            for (offset, size), (start, length) in zip([map(int, r.split(',')) for r in sys.argv[3].split(';')], [map(int, r.split(',')) for r in sys.argv[4].split(';')]):
                out = zlib.decompressobj(-15).decompress(gz[offset:offset + size])
                if out != plain[start:start + length]: print('segment at', offset, 'differs')
            print('checked')
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path("a.csv.gz"), folder.path("a.csv"), ranges, expected]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output == "checked\n")
    }

    @Test("the next version of a file reuses the segments it still holds, and its copy is the copy made from nothing")
    func reusesUnchangedSegments() throws {
        let folder = try Folder()
        // Yesterday: days 10…17. Today: a day dropped at the start, a day added at the end, and
        // a line changed in the middle.
        let yesterday = Self.lines(0, 40_000, seed: 7)
        var today = Array(yesterday[5_000...]) + Self.lines(40_000, 5_000, seed: 8)
        today[20_000] = "user_activity,late-user,2026-11-14,1\r\n"
        try Self.write(yesterday, to: folder.path("old.csv"))
        try Self.write(today, to: folder.path("new.csv"))
        let old = try SegmentedGzip.write(folder.path("old.csv"), to: folder.path("old.csv.gz"), sizes: Self.sizes, previous: nil)
        let previous = SegmentedGzip.Previous(file: folder.path("old.csv"), gzip: folder.path("old.csv.gz"), index: old.index)

        let reused = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("new.csv.gz"), sizes: Self.sizes, previous: previous)
        let fresh = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("fresh.csv.gz"), sizes: Self.sizes, previous: nil)
        let size = try Self.bytes(folder.path("new.csv")).count
        // What was not reused: about a segment at each edit and the new day (about a ninth).
        #expect(reused.reusedBytes > size * 3 / 4, "\(reused.reusedBytes) of \(size)")
        #expect(try Self.bytes(folder.path("new.csv.gz")) == Self.bytes(folder.path("fresh.csv.gz")))
        #expect(reused.index.segments == fresh.index.segments)
        #expect(try Self.pythonGunzip(folder.path("new.csv.gz")) == Self.bytes(folder.path("new.csv")))
    }

    @Test("a previous copy that changed since its index was written is not reused")
    func changedPreviousIsIgnored() throws {
        let folder = try Folder()
        try Self.write(Self.lines(0, 20_000, seed: 3), to: folder.path("a.csv"))
        let old = try SegmentedGzip.write(folder.path("a.csv"), to: folder.path("a.csv.gz"), sizes: Self.sizes, previous: nil)
        try Self.write(Self.lines(0, 20_000, seed: 3), to: folder.path("b.csv"))
        // The published copy touched (same bytes, another time): its index no longer describes it.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1)], ofItemAtPath: folder.path("a.csv.gz"))
        let previous = SegmentedGzip.Previous(file: folder.path("a.csv"), gzip: folder.path("a.csv.gz"), index: old.index)
        let outcome = try SegmentedGzip.write(folder.path("b.csv"), to: folder.path("b.csv.gz"), sizes: Self.sizes, previous: previous)
        #expect(outcome.reusedBytes == 0)
        #expect(try Self.pythonGunzip(folder.path("b.csv.gz")) == Self.bytes(folder.path("b.csv")))
    }

    @Test("a segment the index names by length and CRC is reused only when the previous file holds the same bytes")
    func bytesAreCompared() throws {
        let folder = try Folder()
        try Self.write(Self.lines(0, 20_000, seed: 4), to: folder.path("old.csv"))
        try Self.write(Self.lines(0, 20_000, seed: 5), to: folder.path("new.csv"))
        let old = try SegmentedGzip.write(folder.path("old.csv"), to: folder.path("old.csv.gz"), sizes: Self.sizes, previous: nil)
        let fresh = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("fresh.csv.gz"), sizes: Self.sizes, previous: nil)
        // An index claiming the new file's segments (lengths and CRCs) for the old file's bytes,
        // as a CRC collision would.
        var lying = old.index
        lying.segments = fresh.index.segments.map { GzipIndex.Segment(length: $0.length, crc: $0.crc, offset: 0, size: 1) }
        let previous = SegmentedGzip.Previous(file: folder.path("old.csv"), gzip: folder.path("old.csv.gz"), index: lying)
        let outcome = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("new.csv.gz"), sizes: Self.sizes, previous: previous)
        #expect(outcome.reusedBytes == 0)
        #expect(try Self.bytes(folder.path("new.csv.gz")) == Self.bytes(folder.path("fresh.csv.gz")))
    }

    @Test("the index survives the manifest's JSON")
    func indexRoundTrips() throws {
        let index = GzipIndex(
            rawSize: 10, rawModified: 1, gzipSize: 20, gzipModified: 2,
            segments: [.init(length: 4, crc: 0xFFFF_FFFF, offset: 10, size: 3), .init(length: 6, crc: 0, offset: 13, size: 5)])
        let data = try JSONEncoder().encode(index)
        #expect(String(decoding: data, as: UTF8.self).contains("[4,4294967295,10,3]"))
        #expect(try JSONDecoder().decode(GzipIndex.self, from: data) == index)
    }
}
