internal import Documents
internal import Exports
internal import Foundation
internal import Model
internal import Reports

extension BuildContext {
    /// JSON, CSV, XLSX and PDF of every report × range, beside its page.
    mutating func writeExports() throws {
        for key in documents.keys.sorted(by: { ($0.type.rawValue, $0.range) < ($1.type.rawValue, $1.range) }) {
            try writeDownloads(documents[key]!, directory: key.directory, baseName: key.baseName, title: "\(key.type.title) · \(key.range)")
        }
    }

    /// The four downloads of one report into `directory` (relative to the site root).
    mutating func writeDownloads(_ document: ReportDocument, directory: String, baseName: String, title: String) throws {
        try write(try document.json(pretty: true), to: directory + baseName + ".json")
        try write(CSVWriter.csv(document.tables), to: directory + baseName + ".csv")
        let xlsx = directory + baseName + ".xlsx"
        try FileManager.default.createDirectory(at: staging.appendingPathComponent(directory), withIntermediateDirectories: true)
        try XLSXWriter.write(document.tables, to: staging.appendingPathComponent(xlsx).path, title: title, createdAt: options.asOf / 1000)
        files.append(xlsx)
        // At most 5,000 rows a table (~110 pages): a 90-day user_activity table would otherwise
        // run to thousands of pages; the CSV/XLSX beside it hold every row.
        try write(
            try ReportPDF.render(document, options: PDFOptions(siteTitle: options.siteTitle, maxTableRows: 5_000)),
            to: directory + baseName + ".pdf")
    }

    /// The static mirror of the read API (SPEC §6): summary, processing metrics per range,
    /// business metrics over all time.
    mutating func writeAPIMirror() throws {
        for name in rangeNames {
            guard case .processingPerformance(let report)? = documents[ReportKey(type: .processingPerformance, range: name)]?.data else { continue }
            try write(try Self.encode(report), to: "api/analytics/metrics/processing/\(name).json")
        }
        let business = try engine.generate(ReportRequest(type: .businessIntelligence, range: .all, asOf: options.asOf), generatedAt: generatedAt)
        if case .businessIntelligence(let report) = business.data {
            try write(try Self.encode(report), to: "api/analytics/metrics/business.json")
        }
        let summary = try APISummary.make(engine: engine, asOf: options.asOf, range: rangeNames.contains("7d") ? "7d" : rangeNames.first ?? "7d", generatedAt: generatedAt)
        try write(try Self.encode(summary), to: "api/analytics/summary.json")
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
