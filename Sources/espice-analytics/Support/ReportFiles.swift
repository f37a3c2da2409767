import Exports
import Foundation
import Glibc
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
            try writeCSV(document.tables, to: file)
        } else {
            try document.writeJSON(pretty: false, to: file)
        }
    }

    /// The CSV written to a temporary file beside `url`, then renamed over it: a reader sees the
    /// old file or the new one, never a part.
    static func writeCSV(_ tables: [ReportTable], to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try CSVWriter.write(tables, toFile: temporary.path)
            guard rename(temporary.path, url.path) == 0 else {
                throw ValidationErrorText("\(url.path): cannot write: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
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
