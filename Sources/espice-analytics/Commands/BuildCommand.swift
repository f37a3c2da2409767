import ArgumentParser
import Delivery
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
            it in. A failed build leaves the previous site in place. Then evaluates the alert
            thresholds and posts the webhooks (`alerts:`, `webhooks:`; docs/deployment.md). Exit
            status: 0 published, 1 failed and nothing published, 2 published but a dashboard,
            saved report, webhook or alert email failed (named on stderr and on the history
            page). Meant for cron:

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
    @Option(help: ArgumentHelp("Rebuild every SECONDS seconds (incremental), until interrupted.", valueName: "SECONDS"))
    var watch: Int?
    @Flag(help: "After publishing, email the saved reports that are due (as `deliver`; a failure exits 2).") var deliver = false
    @Flag(name: .customLong("service-pages"), help: "Also publish a drill-down page per service (services/<slug>/…; filtered reports, slower).")
    var servicePages = false
    @Flag(
        name: .customLong("no-recycle"),
        help: "Do not keep the site before the last beside the output (.DIR.recycle, whose files the next build writes over: faster, one more copy of the site on disk).")
    var noRecycle = false
    @Flag(help: "Print nothing on success.") var quiet = false
    @Flag(help: "Print the build summary as JSON.") var json = false

    func validate() throws {
        if quiet && json { throw ValidationError("--quiet and --json exclude each other.") }
        if let watch, watch < 1 { throw ValidationError("--watch takes a number of seconds, 1 or more.") }
    }

    func run() async throws {
        var resolved = try common.resolve()
        if let output { resolved.outputPath = output }
        let logger = LoggingSetup.logger(level: resolved.logLevel)
        var first = true
        let rangeList = ranges.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? resolved.ranges
        for name in rangeList { _ = try TimeRange.parse(name) }
        repeat {
            let started = Date()
            let instant = try asOf.map { try Formatting.instant($0, option: "--as-of") } ?? Int64(Date().timeIntervalSince1970 * 1000)
            do {
                // PostgreSQL: each build first syncs the builder cache.
                let config = try await CommonOptions.readable(resolved, logger: logger)
                let summary = try await SiteBuildRunner.build(
                    config: config, asOf: instant, ranges: rangeList, only: only.isEmpty ? nil : try only.map { try ReportType.parse($0) },
                    full: full && first, templates: templates, dashboards: dashboards, servicePages: servicePages, recycle: !noRecycle,
                    showProgress: !quiet && !json,
                    logger: logger)
                let notified = BuildNotification.run(
                    config: config, summary: summary, asOf: instant, ranges: rangeList, verbose: !quiet && !json, logger: logger)
                try report(summary)
                if deliver {
                    let delivered = try DeliveryRunner.run(config: config, asOf: asOf, outbox: nil, dryRun: false, resend: nil, period: nil)
                    if !quiet && !json { DeliveryRunner.print(delivered) } else { for failure in delivered.failures { printError("delivery failed: \(failure)") } }
                    if delivered.failed && watch == nil { throw ExitCode(2) }
                }
                if !notified && watch == nil { throw ExitCode(2) }
            } catch where watch != nil && !(error is ExitCode) {
                printError("build failed: \(error); trying again in \(watch!) s")  // a watch loop keeps going
            }
            first = false
            fflush(nil)  // flush every C stream: a watch loop must show each build as it ends
            if let watch {
                let wait = max(0, Double(watch) - Date().timeIntervalSince(started))
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        } while watch != nil
    }

    private func report(_ summary: BuildSummary) throws {
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
            if watch == nil { throw ExitCode(2) }
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
