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
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tracked events from NDJSON or CSV files, or take over the original service's database.",
        discussion: """
            A FILE that is the original Python service's SQLite database (recognised by its tables) is
            taken over: its events, saved reports and dashboards. It is opened read-only and never
            changed, also while the old service still writes to it; importing it again later brings
            only the events added since (see docs/migration.md).

            NDJSON: one tracked event per line, the JSON body POST /api/analytics/track takes.
            CSV: header event_type,timestamp,service_name,user_id,event_data (event_data holds JSON).
            Bad lines are listed as FILE:LINE: reason and skipped; the exit status is 2 when any
            line or file was rejected. With --strict the first bad line aborts and nothing is stored.

            Example:
              espice-analytics import --db analytics_data/analytics.db events-2026-11.ndjson
              zcat old.csv.gz | espice-analytics import --format csv -
              espice-analytics import /srv/old/analytics_data/analytics.db --db analytics_data/espice.db
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

    func run() async throws {
        let config = try common.resolve()
        let logger = LoggingSetup.logger(level: config.logLevel)
        // The original service's database is taken over; any other SQLite file is refused before
        // the target is opened.
        let originals = files.filter { $0 != "-" && OriginalImporter.recognises(path: $0) }
        let lineFiles = files.filter { !originals.contains($0) }
        for file in lineFiles where file != "-" && OriginalImporter.isSQLiteFile(path: file) {
            throw ValidationErrorText(
                "\(file): an SQLite database, but not the original analytics service's (no analytics_events table); "
                    + "import takes NDJSON, CSV or that database")
        }
        let location = try CommonOptions.location(config)
        var clean = true
        if !originals.isEmpty {
            // Takeovers are SQLite to SQLite: a PostgreSQL --db is refused here in one line.
            let store = try AnalyticsStore(path: config.databasePath, logger: logger)
            for original in originals {
                clean = try takeOver(original, into: store) && clean
            }
        }
        if lineFiles.isEmpty {
            if !clean { throw ExitCode(2) }
            return
        }
        let sources = lineFiles.map { $0 == "-" ? ImportSource.standardInput : .file($0) }
        let showProgress = isatty(2) == 1
        let started = Date()
        let options = ImportOptions(format: format?.format, strict: strict)
        let summary = try await location.importEvents(sources, options: options, logger: logger) { progress in
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
                + " into \(location) in \(Formatting.seconds(elapsed))")
        if !summary.isClean || !clean { throw ExitCode(2) }
    }
}
