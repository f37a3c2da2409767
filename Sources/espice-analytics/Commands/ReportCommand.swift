import ArgumentParser
import Documents
import Exports
import Foundation
import Model
import Reports
import Store

/// `espice-analytics report TYPE`: one report as JSON, computed from the rollups.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Compute a report (processing_performance, business_intelligence, error_analysis, user_activity, or all).",
        discussion: """
            Folds new events into the rollups, then prints {"metadata": …, "data": …}.
            TYPE `all` (or a comma list of types) and a comma list of ranges compute several reports
            at once, on MAX_WORKERS threads, into a directory: -o DIR gets TYPE-RANGE.json (or .csv).

            Examples:
              espice-analytics report processing_performance --range 7d --as-of 2026-11-28T00:00:00Z
              espice-analytics report error_analysis --from 2026-11-01T00:00:00Z --to 2026-11-15T00:00:00Z \\
                  --filter service_name=ocr-service -o errors.json
              espice-analytics report all --range 1d,7d,30d,90d,all -o reports/
              espice-analytics report user_activity --range 30d --format pdf --pdf-rows all -o users.pdf
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "Report type, `all`, or a comma list of types.") var type: String
    @Option(help: "1d, 7d, 30d, 90d or all (default 7d); a comma list computes each.") var range: String?
    @Option(help: "Explicit start (ISO-8601), with --to.") var from: String?
    @Option(help: "Explicit end (ISO-8601, exclusive), with --from.") var to: String?
    @Option(name: .customLong("as-of"), help: "The instant ranges end at (default: now).") var asOf: String?
    @Option(name: .customLong("filter"), help: ArgumentHelp("KEY=VALUE (service_name, user_id, device_type, event_type); repeatable.", valueName: "KEY=VALUE"))
    var filters: [String] = []
    @Option(help: "json (default), csv (one file, a section column per table; see docs/exports.md) or pdf (needs -o; see docs/documents.md).") var format = "json"
    @Option(help: "PDF paper size: a4 (default) or letter.") var paper = "a4"
    @Option(name: .customLong("pdf-rows"), help: ArgumentHelp(
        "At most N rows of each PDF table, with a note of how many more the CSV holds (default 5000), or `all`.", valueName: "N|all"))
    var pdfRows = String(PDFOptions.standardTableRows)
    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.") var output: String?
    @Flag(help: "Rebuild the rollups from scratch first.") var full = false

    func validate() throws {
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together.") }
        if from != nil && range != nil { throw ValidationError("Give either --range or --from/--to, not both.") }
        guard ["json", "csv", "pdf"].contains(format) else { throw ValidationError("--format: json, csv or pdf (xlsx comes with the site build).") }
        if format == "pdf" && output == nil { throw ValidationError("--format pdf writes a file: give -o FILE.") }
        guard Paper(name: paper) != nil else { throw ValidationError("--paper: a4 or letter.") }
        guard pdfRows == "all" || (Int(pdfRows) ?? 0) > 0 else { throw ValidationError("--pdf-rows \(pdfRows): a number of rows above 0, or `all`.") }
        if isBatch {
            guard output != nil else { throw ValidationError("Several reports are written into a directory: give -o DIR.") }
            guard format != "pdf" else { throw ValidationError("--format pdf takes one report type and one range.") }
        }
    }

    /// More than one type or range: a directory of files.
    var isBatch: Bool { type == "all" || type.contains(",") || (range ?? "").contains(",") }

    func run() async throws {
        let resolved = try common.resolve()
        let logger = LoggingSetup.logger(level: resolved.logLevel)
        let config = try await CommonOptions.readable(resolved, logger: logger)
        let asOfTime = try asOf.map { try Formatting.instant($0, option: "--as-of") } ?? Int64(Date().timeIntervalSince1970 * 1000)
        let timeRange: TimeRange
        if let from, let to {
            let start = try Formatting.instant(from, option: "--from")
            let end = try Formatting.instant(to, option: "--to")
            guard start < end else { throw ValidationErrorText("--from must be before --to") }
            timeRange = .explicit(from: start, to: end)
        } else {
            timeRange = isBatch ? .all : try TimeRange.parse(range ?? "7d")
        }
        var reportFilters = ReportFilters()
        for filter in filters {
            guard let equals = filter.firstIndex(of: "=") else {
                throw ValidationErrorText("--filter \(filter): expected KEY=VALUE")
            }
            try reportFilters.add(key: String(filter[..<equals]), value: String(filter[filter.index(after: equals)...]))
        }
        let store = try AnalyticsStore(path: config.databasePath, logger: logger)
        let engine = ReportEngine(
            store: store, roles: config.eventRoles, calendar: try ZoneCalendar(identifier: config.timeZone))
        if isBatch, let output {
            let types = type == "all" ? ReportType.allCases : try type.split(separator: ",").map { try ReportType.parse(String($0)) }
            let names = from == nil ? (range ?? "7d").split(separator: ",").map(String.init) : ["custom"]
            let ranges = try names.map { name in (name: name, range: name == "custom" ? timeRange : try TimeRange.parse(name)) }
            _ = try engine.refresh(full: full)
            let directory = URL(fileURLWithPath: output, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let format = self.format
            try engine.generateEach(types: types, ranges: ranges, asOf: asOfTime, filters: reportFilters, workers: config.maxWorkers) {
                slot, document in try ReportFiles.write(slot, document, format: format, into: directory)
            }
            return
        }
        let reportType = try ReportType.parse(type)
        _ = try engine.refresh(full: full)
        let document = try engine.generate(ReportRequest(type: reportType, range: timeRange, asOf: asOfTime, filters: reportFilters))
        if format == "pdf", let output {
            let options = PDFOptions(siteTitle: config.siteTitle, paper: Paper(name: paper) ?? .a4, maxTableRows: Int(pdfRows))
            try ReportPDF.write(document, to: URL(fileURLWithPath: output), options: options)
            return
        }
        if let output {
            let url = URL(fileURLWithPath: output)
            try format == "csv" ? CSVWriter.write(document.tables, toFile: url.path) : document.writeJSON(pretty: true, to: url)
        } else {
            try ReportFiles.writeStandardOutput(document, csv: format == "csv")
        }
    }
}
