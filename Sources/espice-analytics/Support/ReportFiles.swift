import Exports
import Foundation
import Model
import Reports

/// Writes reports to files and to standard output in pieces, never whole in memory: a 90-day
/// user_activity report of a site with 200,000 users is 441 MB of JSON and 275 MB of CSV.
///
/// `report all` writes TYPE-RANGE.json (or .csv) into a directory; its JSON is compact, as the
/// site's downloads are (docs/site.md).
enum ReportFiles {
    static func write(_ slot: ReportSlot, _ document: ReportDocument, format: String, into directory: URL) throws {
        let file = directory.appendingPathComponent("\(slot.type.rawValue)-\(slot.range).\(format)")
        if format == "csv" {
            try CSVWriter.write(document.tables, toFile: file.path)
        } else {
            try document.writeJSON(pretty: false, to: file)
        }
    }

    /// One report on standard output: indented JSON and a newline, or the CSV.
    static func writeStandardOutput(_ document: ReportDocument, csv: Bool) throws {
        let out = FileHandle.standardOutput
        if csv {
            try CSVWriter.write(document.tables) { try out.write(contentsOf: $0) }
        } else {
            try document.writeJSON(pretty: true) { try out.write(contentsOf: $0) }
            try out.write(contentsOf: Data("\n".utf8))
        }
    }
}
