import ArgumentParser
import Foundation
import Model
import Site

/// `espice-analytics build`: publish the static report site.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compute every report and publish the static site (atomically) into the output directory.",
        discussion: """
            Folds new events into the rollups, computes the four reports for each range, writes
            exports, the static API mirror and the HTML pages into a staging directory, then swaps
            it in. A failed build leaves the previous site in place. Exit status: 0 published,
            1 failed and nothing published, 2 published but a dashboard or saved report failed
            (named on stderr and on the history page). Meant for cron:

              15 * * * *  cd /srv/espice && espice-analytics build --quiet

            Example:
              espice-analytics build --db analytics_data/analytics.db --output /var/www/analytics --ranges 1d,7d,30d
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("Publish directory (default: REPORT_STORAGE_PATH, then Output).", valueName: "DIR"))
    var output: String?
    @Option(name: .customLong("as-of"), help: "The instant ranges end at (default: now).") var asOf: String?
    @Option(help: "Comma-separated ranges (default 1d,7d,30d,90d).") var ranges: String?
    @Option(help: "Only this report type (repeatable).") var only: [String] = []
    @Flag(help: "Rebuild the rollups from scratch.") var full = false
    @Option(help: ArgumentHelp("Template directory (a copy of Templates/ to restyle the site).", valueName: "DIR"))
    var templates: String?
    @Option(help: ArgumentHelp("Directory of dashboard JSON files to publish beside those in the database.", valueName: "DIR"))
    var dashboards: String?
    @Flag(help: "Print nothing on success.") var quiet = false
    @Flag(help: "Print the build summary as JSON.") var json = false

    func validate() throws {
        if quiet && json { throw ValidationError("--quiet and --json exclude each other.") }
    }

    func run() async throws {
        var config = try common.resolve()
        if let output { config.outputPath = output }
        let logger = LoggingSetup.logger(level: config.logLevel)
        let asOfTime = try asOf.map { try Formatting.instant($0, option: "--as-of") } ?? Int64(Date().timeIntervalSince1970 * 1000)
        let rangeList = ranges.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? config.ranges
        for name in rangeList { _ = try TimeRange.parse(name) }
        let summary = try await SiteBuildRunner.build(
            config: config, asOf: asOfTime, ranges: rangeList, only: only.isEmpty ? nil : try only.map { try ReportType.parse($0) },
            full: full, templates: templates, dashboards: dashboards, logger: logger)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else if !quiet {
            print(
                "built \(summary.reports) reports, \(Formatting.grouped(summary.files)) files into \(summary.output) "
                    + "in \(Formatting.seconds(summary.durationSeconds)) (\(Formatting.grouped(summary.eventsFolded)) new events folded"
                    + (summary.rollupsRebuilt ? ", rollups rebuilt" : "") + ")")
        }
        if !summary.failures.isEmpty {
            for failure in summary.failures { printError("not published: \(failure)") }
            throw ExitCode(2)
        }
    }
}

/// Finds the Templates directory: the flag, else ./Templates, else the package checkout the
/// executable was built in, else `<prefix>/share/espice-analytics/Templates`.
enum TemplateLocator {
    static func find(_ explicit: String?) throws -> String {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit + "/layout.mustache") else {
                throw ValidationErrorText("--templates \(explicit): no layout.mustache there")
            }
            return explicit
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates = ["Templates"]
        // A binary inside a checkout (.build/<triple>/<config>/): the package's Templates/.
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            directory = directory.deletingLastPathComponent()
            candidates.append(directory.appendingPathComponent("Templates").path)
        }
        candidates.append(
            executable.deletingLastPathComponent().appendingPathComponent("../share/espice-analytics/Templates").standardizedFileURL.path)
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate + "/layout.mustache") {
            return candidate
        }
        throw ValidationErrorText("cannot find the Templates directory (looked in \(candidates.joined(separator: ", "))); pass --templates DIR")
    }
}
