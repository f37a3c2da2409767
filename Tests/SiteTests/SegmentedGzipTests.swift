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

    /// What `python3 -c script arguments…` writes to its standard output; it must exit 0.
    static func python(_ script: String, _ arguments: String...) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed on \(arguments)")
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
        let output = try Self.python(script, folder.path("a.csv.gz"), folder.path("a.csv"), ranges, expected)
        #expect(String(decoding: output, as: UTF8.self) == "checked\n")
    }

    /// Yesterday's and today's versions of a file (`old.csv`, `new.csv`): today a day dropped at
    /// the start, a day added at the end, and a line changed in the middle. Returns yesterday's
    /// copy with its index and today's copy made from nothing (`fresh.csv.gz`).
    static func twoDays(_ folder: Folder) throws -> (old: SegmentedGzip.Outcome, fresh: SegmentedGzip.Outcome) {
        let yesterday = Self.lines(0, 40_000, seed: 7)
        var today = Array(yesterday[5_000...]) + Self.lines(40_000, 5_000, seed: 8)
        today[20_000] = "user_activity,late-user,2026-11-14,1\r\n"
        try Self.write(yesterday, to: folder.path("old.csv"))
        try Self.write(today, to: folder.path("new.csv"))
        let old = try SegmentedGzip.write(folder.path("old.csv"), to: folder.path("old.csv.gz"), sizes: Self.sizes, previous: nil)
        let fresh = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("fresh.csv.gz"), sizes: Self.sizes, previous: nil)
        return (old, fresh)
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

    /// Both ways a segment is checked: against the previous file's bytes (memory holds the file,
    /// just written), and by digest alone.
    @Test(
        "a segment the index names by length and CRC is reused only when the previous file holds the same bytes, or bytes of the same digest",
        arguments: [SegmentReuse.Check.memoryThenDigest, .digestOnly])
    func bytesAreCompared(check: SegmentReuse.Check) throws {
        let folder = try Folder()
        try Self.write(Self.lines(0, 20_000, seed: 4), to: folder.path("old.csv"))
        try Self.write(Self.lines(0, 20_000, seed: 5), to: folder.path("new.csv"))
        let old = try SegmentedGzip.write(folder.path("old.csv"), to: folder.path("old.csv.gz"), sizes: Self.sizes, previous: nil)
        let fresh = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("fresh.csv.gz"), sizes: Self.sizes, previous: nil)
        // An index claiming the new file's segments (lengths and CRCs) for the old file's bytes and
        // digests, as a CRC collision would.
        var lying = old.index
        lying.segments = zip(fresh.index.segments, old.index.segments + old.index.segments).map { new, former in
            GzipIndex.Segment(length: new.length, crc: new.crc, offset: 0, size: 1, digest: former.digest)
        }
        let previous = SegmentedGzip.Previous(file: folder.path("old.csv"), gzip: folder.path("old.csv.gz"), index: lying)
        let outcome = try SegmentedGzip.write(
            folder.path("new.csv"), to: folder.path("new.csv.gz"), sizes: Self.sizes, previous: previous, check: check)
        #expect(outcome.reusedBytes == 0)
        #expect(try Self.bytes(folder.path("new.csv.gz")) == Self.bytes(folder.path("fresh.csv.gz")))
    }

    @Test("the index survives the manifest's JSON, and an index written before digests still reads")
    func indexRoundTrips() throws {
        let digest = String(repeating: "ab", count: 32)
        let index = GzipIndex(
            rawSize: 10, rawModified: 1, gzipSize: 20, gzipModified: 2,
            segments: [
                .init(length: 4, crc: 0xFFFF_FFFF, offset: 10, size: 3, digest: digest), .init(length: 6, crc: 0, offset: 13, size: 5),
            ])
        let data = try JSONEncoder().encode(index)
        #expect(String(decoding: data, as: UTF8.self).contains("[4,4294967295,10,3,\"\(digest)\"]"))
        #expect(String(decoding: data, as: UTF8.self).contains("[6,0,13,5]"))
        #expect(try JSONDecoder().decode(GzipIndex.self, from: data) == index)
    }

    @Test("each segment's digest in the index is the SHA-256 of its bytes, as Python's hashlib computes it")
    func digestsAreSHA256() throws {
        let (folder, outcome) = try Self.copied(seed: 11)
        let lengths = outcome.index.segments.map { String($0.length) }.joined(separator: ",")
        let script = """
            import hashlib, sys
            data, at = open(sys.argv[1], 'rb').read(), 0
            for length in map(int, sys.argv[2].split(',')):
                print(hashlib.sha256(data[at:at + length]).hexdigest()); at += length
            """
        let output = String(decoding: try Self.python(script, folder.path("a.csv"), lengths), as: UTF8.self)
        #expect(output.split(separator: "\n").map(String.init) == outcome.index.segments.map { $0.digest ?? "none" })
    }

    @Test("the next version of a file reuses the segments it still holds, checked byte for byte or by digest alone, and its copy is the copy made from nothing")
    func reusesUnchangedSegments() throws {
        let folder = try Folder()
        let (old, fresh) = try Self.twoDays(folder)
        let previous = SegmentedGzip.Previous(file: folder.path("old.csv"), gzip: folder.path("old.csv.gz"), index: old.index)
        let byBytes = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("bytes.csv.gz"), sizes: Self.sizes, previous: previous)
        let byDigest = try SegmentedGzip.write(
            folder.path("new.csv"), to: folder.path("digest.csv.gz"), sizes: Self.sizes, previous: previous, check: .digestOnly)
        let size = try Self.bytes(folder.path("new.csv")).count
        // What was not reused: about a segment at each edit and the new day (about a ninth).
        #expect(byDigest.reusedBytes > size * 3 / 4, "\(byDigest.reusedBytes) of \(size)")
        #expect(byDigest.reusedByDigest == byDigest.reusedBytes)
        // The file was just written, so memory holds it: compared byte for byte, no digest needed.
        #expect(byBytes.reusedBytes == byDigest.reusedBytes && byBytes.reusedByDigest == 0)
        #expect(try Self.bytes(folder.path("digest.csv.gz")) == Self.bytes(folder.path("fresh.csv.gz")))
        #expect(try Self.bytes(folder.path("bytes.csv.gz")) == Self.bytes(folder.path("fresh.csv.gz")))
        #expect(byDigest.index.segments == fresh.index.segments && byBytes.index.segments == fresh.index.segments)
        #expect(try Self.pythonGunzip(folder.path("digest.csv.gz")) == Self.bytes(folder.path("new.csv")))
    }

    @Test("an index kept before digests is checked against the previous file's bytes, and the new index has every digest")
    func indexWithoutDigests() throws {
        let folder = try Folder()
        let (old, fresh) = try Self.twoDays(folder)
        var undigested = old.index
        undigested.segments = old.index.segments.map { GzipIndex.Segment(length: $0.length, crc: $0.crc, offset: $0.offset, size: $0.size) }
        let previous = SegmentedGzip.Previous(file: folder.path("old.csv"), gzip: folder.path("old.csv.gz"), index: undigested)
        let outcome = try SegmentedGzip.write(
            folder.path("new.csv"), to: folder.path("new.csv.gz"), sizes: Self.sizes, previous: previous, check: .digestOnly)
        let size = try Self.bytes(folder.path("new.csv")).count
        #expect(outcome.reusedBytes > size * 3 / 4 && outcome.reusedByDigest == 0)
        #expect(try Self.bytes(folder.path("new.csv.gz")) == Self.bytes(folder.path("fresh.csv.gz")))
        #expect(outcome.index.segments == fresh.index.segments)
        #expect(outcome.index.segments.allSatisfy { $0.digest?.utf8.count == 64 })
    }

    @Test("when memory no longer holds the previous file, its segments are checked by digest and it is not read back")
    func previousOutOfMemoryIsNotRead() throws {
        let folder = try Folder()
        let (old, fresh) = try Self.twoDays(folder)
        let file = folder.path("old.csv")
        let size = try Self.bytes(file).count
        // Written back to disk, then dropped from the page cache.
        let descriptor = open(file, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(fsync(descriptor) == 0 && posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) == 0)
        try #require(Self.residentPages(descriptor, size: size) == 0, "the file system kept \(file) in memory")
        let previous = SegmentedGzip.Previous(file: file, gzip: folder.path("old.csv.gz"), index: old.index)
        let outcome = try SegmentedGzip.write(folder.path("new.csv"), to: folder.path("new.csv.gz"), sizes: Self.sizes, previous: previous)
        #expect(outcome.reusedBytes > size * 3 / 4 && outcome.reusedByDigest == outcome.reusedBytes)
        #expect(Self.residentPages(descriptor, size: size) == 0)
        #expect(try Self.bytes(folder.path("new.csv.gz")) == Self.bytes(folder.path("fresh.csv.gz")))
        #expect(try Self.pythonGunzip(folder.path("new.csv.gz")) == Self.bytes(folder.path("new.csv")))
    }

    /// How many pages of the file open on `descriptor` the page cache holds (`mincore`).
    static func residentPages(_ descriptor: Int32, size: Int) -> Int {
        guard let mapping = mmap(nil, size, PROT_READ, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else { return -1 }
        defer { munmap(mapping, size) }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var pages = [UInt8](repeating: 0, count: (size + pageSize - 1) / pageSize)
        guard mincore(mapping, size, &pages) == 0 else { return -1 }
        return pages.filter { $0 & 1 != 0 }.count
    }
}
