import Foundation
import Model
@testable import Store
import Testing

/// Lines kept undecoded in the sort file once runs are spilled (``SortedLines``), their sort
/// times read by the reader or, lent to it, by the writer: the rows, the rejections and their
/// order must be those of the reader decoding every line itself.
@Suite("lines kept undecoded in the sort file while runs are spilled")
struct SortedLinesTests {
    /// How an import treats its lines once runs are spilled.
    enum Mode: String, CaseIterable {
        /// The reader decodes every line (the import before ``SortedLines``).
        case decodedByReader
        /// Lines kept undecoded, the reader reading every sort time.
        case timedByReader
        /// Lines kept undecoded, the writer reading the sort times of lines lent to it.
        case lent
    }

    /// A file of `count` lines in scrambled time order, with a bad line wherever `bad` says and a
    /// blank line wherever `blank` says; the numbers (1-based) of the bad lines.
    static func file(_ name: String, count: Int, offset: Int, in directory: TemporaryDirectory) throws -> (String, [Int]) {
        var lines: [String] = []
        var badLines: [Int] = []
        let times = (0..<count).map { june1Noon + Int64((($0 + offset) * 7_919) % 2_003) * 1_000 }
        let good = RunSpillTests.lines(times).enumerated().map { index, line in
            // The time in each form the decoder reads, so that every form is sorted by it.
            let number = #""timestamp":\#(times[index])"#
            switch index % 5 {
            case 1: return line.replacingOccurrences(of: number, with: #""timestamp":"\#(Timestamp.iso8601(times[index]))""#)
            case 2: return line.replacingOccurrences(of: number, with: #""time\u0073tamp":\#(times[index] / 1_000)"#)
            default: return line
            }
        }
        for (index, line) in good.enumerated() {
            let number = index + 1
            if number % 97 == 0 {
                lines.append(#"{"event_type": 5}"#)  // a rule broken: event_type must be a string
                badLines.append(number)
            } else if number % 89 == 0 {
                lines.append("   ")
            } else if number % 193 == 0 {
                lines.append(#"{"event_type": "x""#)  // malformed
                badLines.append(number)
            } else {
                lines.append(line.replacingOccurrences(of: #""event_type":"e"#, with: #""event_type":"e\#(offset)-"#))
            }
        }
        return (try directory.write(name, lines.joined(separator: "\n")), badLines)
    }

    /// Imports `paths` into a new store in small batches and runs, every run spilled (as an
    /// import does by default once a second run begins).
    static func imported(_ paths: [String], mode: Mode, listed: Int, in directory: TemporaryDirectory) throws -> (ImportSummary, [StoredEvent]) {
        let store = try TestStore.open(directory.path("t-\(mode)-\(listed).db"))
        var options = ImportOptions()
        options.batchSize = 40
        options.maxListedRejections = listed
        var importer = EventImporter(options: options)
        importer.runSize = 300  // the default spillAbove: runs spilled from the second on
        importer.sortsLines = mode != .decodedByReader
        importer.lendsLines = mode == .lent
        let summary = try importer.run(paths.map { .file($0) }, into: store)
        return (summary, try store.events(limit: 100_000))
    }

    @Test(
        "rows, rejections and their order are the reader's own, over two files",
        // 7 listed are all found by the reader before the first spill; 40 are not, and the 1,000
        // are all of them.
        arguments: [Mode.timedByReader, .lent], [1_000, 40, 7])
    func sameAsReaderAlone(mode: Mode, listed: Int) throws {
        let directory = TemporaryDirectory()
        let (first, firstBad) = try Self.file("a.ndjson", count: 6_000, offset: 0, in: directory)
        let (second, secondBad) = try Self.file("b.ndjson", count: 4_000, offset: 1, in: directory)
        // Worked out from the files' making: every 97th and every 193rd line bad, every 89th blank
        // (no line is two of these: the product of any two of 89, 97 and 193 passes 6,000).
        let expected = firstBad.map { (first, $0) } + secondBad.map { (second, $0) }
        #expect(firstBad.count == 6_000 / 97 + 6_000 / 193 && secondBad.count == 4_000 / 97 + 4_000 / 193)

        let (summary, stored) = try Self.imported([first, second], mode: mode, listed: listed, in: directory)
        // Runs of 300 in batches of 40: from the second run's batches on, lines come undecoded.
        #expect(summary.linesSorted > 8_000, "few lines were kept undecoded: the test did not exercise the sort file's lines")
        if mode == .lent {
            #expect(summary.linesLent > 0, "no line was lent: the test did not exercise the writer's reading of times")
        } else {
            #expect(summary.linesLent == 0)
        }
        #expect(summary.rejected == expected.count)
        let listedExpected = expected.prefix(listed)
        #expect(summary.rejections.map { "\($0.file):\($0.line)" } == listedExpected.map { "\($0.0):\($0.1)" })
        #expect(summary.rejections.allSatisfy { !$0.reason.isEmpty })

        let (reference, referenceRows) = try Self.imported([first, second], mode: .decodedByReader, listed: listed, in: directory)
        #expect(reference.linesSorted == 0 && reference.linesLent == 0)
        #expect(reference.rejections == summary.rejections && reference.rejected == summary.rejected)
        let blanks = 6_000 / 89 + 4_000 / 89
        #expect(summary.imported == 10_000 - expected.count - blanks)
        #expect(stored.count == summary.imported)
        #expect(RunSpillTests.contents(stored) == RunSpillTests.contents(referenceRows))
        // One time order over the whole import, equal times in the order of their lines.
        #expect(stored.map(\.ts) == stored.map(\.ts).sorted())
        #expect(stored.map(\.eventType) == referenceRows.map(\.eventType))
    }

    @Test("a line too long to read is refused where it stands while lines are kept undecoded", arguments: [Mode.timedByReader, .lent])
    func overlongLineRefused(mode: Mode) throws {
        let directory = TemporaryDirectory()
        var lines = RunSpillTests.lines((0..<2_000).map { june1Noon + Int64(($0 * 7_919) % 2_003) * 1_000 })
        // Line 1,500, well after the first run was spilled: 4 MiB and one byte of a string value.
        lines[1_499] = #"{"event_type":"long","event_data":{"text":""# + String(repeating: "x", count: 4 << 20) + #""}}"#
        let path = try directory.write("long.ndjson", lines.joined(separator: "\n"))
        let (summary, stored) = try Self.imported([path], mode: mode, listed: 10, in: directory)
        #expect(summary.linesSorted > 1_000)
        #expect(summary.rejections.map(\.description) == ["\(path):1500: line longer than 4 MiB"])
        #expect(summary.rejected == 1 && summary.imported == 1_999 && stored.count == 1_999)
        #expect(!stored.contains { $0.eventType == "long" })
        #expect(stored.map(\.ts) == stored.map(\.ts).sorted())
    }

    @Test("a chunk of undecoded lines stops at 4 MiB of lines, however many were asked for, and goes on where it stopped")
    func chunkBoundedByBytes() throws {
        let directory = TemporaryDirectory()
        // 100 lines of 99,999 bytes and a newline. 4 MiB is 4,194,304 bytes: after 41 lines the
        // chunk holds 4,099,959 (under it), after 42 lines 4,199,958 (over it): 42 lines.
        let line = String(repeating: "x", count: 99_999)
        let path = try directory.write("long.ndjson", Array(repeating: line, count: 100).joined(separator: "\n"))
        let reader = try LineReader.open(path: path)
        var chunk = LineChunk()
        #expect(try chunk.fill(from: reader, source: 0, lines: 10_000))
        #expect(chunk.count == 42)
        #expect(try chunk.fill(from: reader, source: 0, lines: 10_000))
        #expect(chunk.count == 42)
        // The last 16 lines, and the end of the input.
        #expect(try !chunk.fill(from: reader, source: 0, lines: 10_000))
        #expect(chunk.count == 16)
        // A chunk of fewer lines than the bound allows stops at the number asked.
        let short = try LineReader.open(path: path)
        #expect(try chunk.fill(from: short, source: 0, lines: 5))
        #expect(chunk.count == 5)
    }
}
