import ArgumentParser
import Foundation
import Model
import Store

/// `--format` values.
enum ImportFormatOption: String, ExpressibleByArgument, CaseIterable {
    case ndjson, csv

    var format: ImportFormat { self == .csv ? .csv : .ndjson }
}

/// `espice-analytics import`: NDJSON or CSV files (or `-` for standard input) into the store.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tracked events from NDJSON or CSV files.",
        discussion: """
            NDJSON: one tracked event per line, the JSON body POST /api/analytics/track takes.
            CSV: header event_type,timestamp,service_name,user_id,event_data (event_data holds JSON).
            Bad lines are listed as FILE:LINE: reason and skipped; the exit status is 2 when any
            line or file was rejected. With --strict the first bad line aborts and nothing is stored.

            Example:
              espice-analytics import --db analytics_data/analytics.db events-2026-11.ndjson
              zcat old.csv.gz | espice-analytics import --format csv -
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "ndjson or csv (default: by file name; .csv is CSV, anything else NDJSON).")
    var format: ImportFormatOption?

    @Flag(help: "Abort on the first bad line or unreadable file; nothing is stored.")
    var strict = false

    @Argument(help: ArgumentHelp("Files to import; - reads standard input.", valueName: "FILE"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one FILE, or - for standard input.") }
        guard files.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("- (standard input) may be given once.") }
    }

    func run() throws {
        let config = try common.resolve()
        let logger = LoggingSetup.logger(level: config.logLevel)
        let store = try AnalyticsStore(path: config.databasePath, logger: logger)
        let sources = files.map { $0 == "-" ? ImportSource.standardInput : .file($0) }
        let showProgress = isatty(2) == 1
        let started = Date()
        let summary = try EventImporter(options: ImportOptions(format: format?.format, strict: strict)).run(sources, into: store) {
            progress in
            guard showProgress else { return }
            let text = "\r\u{1B}[K\(progress.file): \(Formatting.grouped(progress.imported)) imported, "
                + "\(Formatting.grouped(progress.rejected)) rejected"
            FileHandle.standardError.write(Data(text.utf8))
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for rejection in summary.rejections { printError(rejection.description) }
        if summary.rejected > summary.rejections.count {
            printError("… and \(Formatting.count(summary.rejected - summary.rejections.count, "more rejected line"))")
        }
        for file in summary.unreadableFiles { printError(file) }
        let elapsed = Date().timeIntervalSince(started)
        print(
            "imported \(Formatting.count(summary.imported, "event")), rejected \(Formatting.count(summary.rejected, "line"))"
                + (summary.unreadableFiles.isEmpty ? "" : ", \(Formatting.count(summary.unreadableFiles.count, "unreadable file"))")
                + " into \(config.databasePath) in \(Formatting.seconds(elapsed))")
        if !summary.isClean { throw ExitCode(2) }
    }
}
