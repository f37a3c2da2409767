import Exports
import Foundation
import Testing

/// Rows made when read (a year's user_activity list) read, compare and export as stored rows do.
@Suite("Report rows made when read")
struct ReportRowsTests {
    typealias Cell = ReportTable.Cell

    static let stored: [[Cell]] = (0..<1_000).map { [.text("user-\($0 % 37)"), .text("2026-11-\(10 + $0 % 20)"), .integer(Int64($0 * 7 % 101))] }

    @Test("made rows equal, hash and drop their last rows as the same rows stored")
    func madeRowsBehaveAsStored() {
        let rows = Self.stored
        var made = ReportRows(count: rows.count) { rows[$0] }
        var kept = ReportRows(rows)
        #expect(made == kept && made.hashValue == kept.hashValue)
        #expect(Array(made.prefix(3)) == Array(rows.prefix(3)))
        made.removeLast(10)
        kept.removeLast(10)
        #expect(made.count == 990 && made == kept)
        #expect(made != ReportRows(rows))
    }

    @Test("rows filled in place are visited as the rows stored, whole and by range, after dropping the last ones too")
    func filledRowsVisitAsStored() {
        let rows = Self.stored
        // Rows of different lengths, so that a reused array left with a longer row's cells shows.
        let uneven = rows.enumerated().map { $0.offset % 3 == 0 ? Array($0.element.prefix(1)) : $0.element }
        var filled = ReportRows(count: uneven.count) { index, cells in cells.append(contentsOf: uneven[index]) }
        var visited: [[Cell]] = []
        filled.forEachRow { visited.append($0) }
        #expect(visited == uneven)
        #expect(filled == ReportRows(uneven))
        visited = []
        filled.forEachRow(in: 500..<520) { visited.append($0) }
        #expect(visited == Array(uneven[500..<520]))
        filled.removeLast(7)
        visited = []
        filled.forEachRow { visited.append($0) }
        #expect(visited == Array(uneven.dropLast(7)))
        visited = []
        ReportRows(uneven).forEachRow(in: 3..<5) { visited.append($0) }
        #expect(visited == Array(uneven[3..<5]))
    }

    @Test("the CSV written to a file has the bytes of the CSV built in memory, and Python's csv reads every row")
    func csvFileEqualsCSVData() throws {
        let rows = Self.stored
        let tables = [
            ReportTable(name: "summary", columns: ["metric", "value"], rows: [[.text("=cmd"), .integer(1)]]),
            ReportTable(name: "user_activity", columns: ["user_id", "date", "activity_count"], rows: ReportRows(count: rows.count) { rows[$0] }),
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.csv").path
        // Written over an older file: replaced whole, no temporary file left beside it.
        try Data("an older export".utf8).write(to: URL(fileURLWithPath: path))
        try CSVWriter.write(tables, toFile: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["r.csv"])
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written == CSVWriter.data(tables))
        // Counted by Python's csv module: one header, one summary row, 1,000 user rows.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import csv, sys; r = list(csv.DictReader(open(sys.argv[1], newline=''))); "
            + "print(len(r), sum(int(x['activity_count']) for x in r if x['section'] == 'user_activity'), r[0]['value'], r[0]['metric'])", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expectedSum = (0..<1_000).reduce(0) { $0 + $1 * 7 % 101 }
        #expect(output == "1001 \(expectedSum) 1 '=cmd\n")
        #expect(throws: ExportsError.self) { try CSVWriter.write(tables, toFile: directory.appendingPathComponent("no/such/dir.csv").path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["r.csv"])
    }
}
