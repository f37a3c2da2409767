import Exports
import Foundation
import Model
import Reports

/// Writes the documents of `report all` as TYPE-RANGE.json (or .csv) into a directory. The JSON
/// is compact, as the site's downloads are (docs/site.md).
enum ReportFiles {
    static func write(_ slot: ReportSlot, _ document: ReportDocument, format: String, into directory: URL) throws {
        let file = directory.appendingPathComponent("\(slot.type.rawValue)-\(slot.range).\(format)")
        if format == "csv" {
            try CSVWriter.data(document.tables).write(to: file, options: .atomic)
        } else {
            try document.writeJSON(pretty: false, to: file)
        }
    }
}
