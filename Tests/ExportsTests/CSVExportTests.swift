import Exports
import Foundation
import Logging
import Model
import Reports
@testable import Store
import Testing

@Suite("CSV export")
struct CSVExportTests {
    /// Two users (one with a formula-looking id) and three page views, read back with Python's
    /// csv module — an independent RFC 4180 reader.
    @Test("a report exports as one CSV that Python's csv module reads back, formulas neutralised")
    func csvRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try AnalyticsStore(path: directory.appendingPathComponent("a.db").path, logger: Logger(label: "test"))
        let day = Timestamp.parse("2026-11-25T09:00:00Z")!
        try store.insert([
            TrackedEvent(eventType: "page_view", userId: "=HYPERLINK(\"x\")", timestamp: day),
            TrackedEvent(eventType: "page_view", userId: "=HYPERLINK(\"x\")", timestamp: day + 60_000),
            TrackedEvent(eventType: "page_view", userId: "Jürgen, Groß", timestamp: day + 120_000),
        ])
        let engine = ReportEngine(store: store, roles: .defaults, calendar: .utc)
        _ = try engine.refresh()
        let document = try engine.generate(
            ReportRequest(type: .userActivity, range: .days(7), asOf: Timestamp.parse("2026-11-28T00:00:00Z")!), generatedAt: 0)
        let file = directory.appendingPathComponent("report.csv")
        try Data(CSVWriter.csv(document.tables).utf8).write(to: file)

        let script = """
            import csv, json, sys
            rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
            users = [(r['user_id'], r['activity_count']) for r in rows if r['section'] == 'users']
            summary = {r['metric']: r['value'] for r in rows if r['section'] == 'summary'}
            print(json.dumps({'users': users, 'active': summary['active_users']}))
            """
        let output = try python(script, file.path)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(parsed?["active"] as? String == "2")
        let users = parsed?["users"] as? [[String]]
        #expect(users == [["'=HYPERLINK(\"x\")", "2"], ["Jürgen, Groß", "1"]])
    }

    func python(_ script: String, _ argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, argument]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test("text starting with a formula character is prefixed", arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
    func neutralises(_ value: String) {
        #expect(CSVWriter.neutralize(value) == "'" + value)
    }

    @Test("ordinary text is left alone", arguments: ["abc", "1-2", "", "山田太郎"])
    func leavesAlone(_ value: String) {
        #expect(CSVWriter.neutralize(value) == value)
    }

    /// The file written row by row from bytes equals the CSV written the plain way, a string per
    /// field (RFC 4180 quoting and formula prefixes done here again), for cells of every kind.
    @Test("cells of every kind are written as a field-by-field reference writes them", arguments: [UInt64(1), 2, 3])
    func bytesEqualReference(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let texts = ["", "plain", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "=SUM(A1)", "+1", "-5", "@x", "\tlead", "\rlead",
                     "山田太郎", "Zürich", "ends,", "\"", "1-2", "x\r\ny"]
        func cell() -> ReportTable.Cell {
            switch random.next() % 5 {
            case 0: .integer([0, 7, -7, 1_234_567, Int64.min, Int64.max, -1][Int(random.next() % 7)])
            case 1: .number([0.5, -2.25, 3.0, 1e20, 12.0][Int(random.next() % 5)])
            case 2, 3: .text(texts[Int(random.next() % UInt64(texts.count))])
            default: .null
            }
        }
        let tables = [
            ReportTable(name: "first", columns: ["a", "b", "c"], rows: (0..<300).map { _ in [cell(), cell(), cell()] }),
            ReportTable(name: "se,cond", columns: ["c", "d"], rows: (0..<300).map { _ in [cell(), cell()] }),
            // Columns in another order than the header's, and rows shorter and longer than them.
            ReportTable(name: "third", columns: ["d", "a", "e"], rows: (0..<300).map { _ in (0..<Int(random.next() % 5)).map { _ in cell() } }),
        ]
        func reference(_ cell: ReportTable.Cell) -> String {
            guard case .text(let value) = cell else { return cell.text }
            let safe = ["=", "+", "-", "@", "\t", "\r"].contains(where: { value.hasPrefix($0) }) ? "'" + value : value
            guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return safe }
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var expected = "section,a,b,c,d,e\r\n"
        for row in tables[0].rows { expected += "first," + row.map(reference).joined(separator: ",") + ",,\r\n" }
        for row in tables[1].rows { expected += "\"se,cond\",,," + row.map(reference).joined(separator: ",") + ",\r\n" }
        for row in tables[2].rows {
            let field = { (index: Int) in index < row.count ? reference(row[index]) : "" }
            expected += "third," + [field(1), "", "", field(0), field(2)].joined(separator: ",") + "\r\n"
        }
        #expect(CSVWriter.csv(tables) == expected)
    }
}
