public import Logging
internal import Foundation
internal import Model
internal import Reports
internal import Store

/// `espice-analytics build`: refresh rollups → reports → exports → API mirror → pages → assets,
/// all into a staging directory that is swapped in at the end. A failed build leaves the
/// previous site as it was and is recorded in the history with its step and path.
public struct SiteBuilder: Sendable {
    public var options: BuildOptions
    let logger: Logger
    /// Called before each step with its name, its 1-based number and the number of steps
    /// (the CLI shows it on a terminal).
    public var progress: (@Sendable (_ step: String, _ number: Int, _ total: Int) -> Void)?

    public init(options: BuildOptions, logger: Logger, progress: (@Sendable (String, Int, Int) -> Void)? = nil) {
        self.options = options
        self.logger = logger
        self.progress = progress
    }

    static let steps: [BuildStep] = [
        BuildStep(name: "refresh rollups") { context in
            context.refresh = try context.engine.refresh(full: context.options.full)
        },
        BuildStep(name: "compute reports") { context in try context.computeReports() },
        BuildStep(name: "charts") { context in try context.renderCharts() },
        BuildStep(name: "exports") { context in try context.writeExports() },
        BuildStep(name: "api mirror") { context in try context.writeAPIMirror() },
        BuildStep(name: "pages") { context in try await context.renderPages() },
        BuildStep(name: "assets") { context in try context.copyAssets() },
        BuildStep(name: "manifest") { context in
            try context.write(try context.exportManifest.data(), to: ExportManifest.fileName)
        },
    ]

    /// Runs the build; throws ``SiteError`` naming the failing step.
    public func run() async throws -> BuildSummary {
        let started = Date()
        let startedAt = Clock.nowMilliseconds()
        let store = try AnalyticsStore(path: options.databasePath, logger: logger)
        let runId = try store.startRun(kind: "build", at: startedAt)
        let publisher: Publisher
        do {
            publisher = try Publisher(output: URL(fileURLWithPath: options.outputPath), keepsPrevious: options.recyclePreviousSite)
        } catch {
            try? store.finishRun(runId, succeeded: false, eventsFolded: 0, outputs: [], errors: [error.description])
            throw error
        }
        defer { publisher.release() }
        let engine = ReportEngine(
            store: store, roles: options.roles, calendar: try ZoneCalendar(identifier: options.timeZone),
            tolerancePct: options.tolerancePct)
        var context = BuildContext(
            options: options, store: store, engine: engine, staging: publisher.staging,
            recycler: Recycler(
                previous: FileManager.default.fileExists(atPath: publisher.recycle.path) ? publisher.recycle : nil,
                staging: publisher.staging),
            logger: logger, generatedAt: startedAt)
        context.historyRunId = runId
        context.exportManifest = ExportManifest(output: URL(fileURLWithPath: options.outputPath))
        do {
            try context.parseRanges()
            for (index, step) in Self.steps.enumerated() {
                progress?(step.name, index + 1, Self.steps.count)
                let stepStart = Date()
                do {
                    try await step.run(&context)
                } catch let error as SiteError {
                    throw error
                } catch {
                    throw SiteError(step: step.name, path: publisher.staging.path, message: "\(error)")
                }
                logger.debug("build step done", metadata: [
                    "step": "\(step.name)", "seconds": "\(Date().timeIntervalSince(stepStart))",
                    "peak_rss_mb": "\(Self.peakResidentMegabytes().map(String.init) ?? "?")",
                ])
            }
            try publisher.publish()
        } catch {
            publisher.abandon()
            try? store.finishRun(
                runId, succeeded: false, eventsFolded: context.refresh?.folded ?? 0, outputs: [], errors: ["\(error)"])
            throw error
        }
        try store.finishRun(
            runId, succeeded: context.failures.isEmpty, eventsFolded: context.refresh?.folded ?? 0,
            outputs: context.files.filter { $0.hasSuffix(".html") }, errors: context.failures)
        return BuildSummary(
            status: context.failures.isEmpty ? "succeeded" : "published with failures", startedAt: Timestamp.iso8601(startedAt), durationSeconds: Date().timeIntervalSince(started),
            eventsFolded: context.refresh?.folded ?? 0, rollupsRebuilt: context.refresh?.rebuilt ?? false,
            reports: context.documents.count, files: context.files.count, output: options.outputPath, errors: [],
            failures: context.failures)
    }
}

extension SiteBuilder {
    /// The process's peak resident memory so far (`VmHWM` of /proc/self/status) in MB; nil
    /// where /proc does not tell. Logged after each step, to show which step sets the peak.
    static func peakResidentMegabytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }
}

extension BuildContext {
    mutating func parseRanges() throws {
        var parsed: [TimeRange] = []
        for name in options.ranges { parsed.append(try TimeRange.parse(name)) }
        ranges = parsed
        rangeNames = options.ranges
        types = options.only ?? ReportType.allCases
    }

    mutating func computeReports() throws {
        let computed = try engine.generateAll(
            types: types, ranges: Array(zip(rangeNames, ranges)).map { (name: $0.0, range: $0.1) }, asOf: options.asOf,
            generatedAt: generatedAt, workers: options.maxWorkers)
        for (slot, document) in computed { documents[ReportKey(type: slot.type, range: slot.range)] = document }
    }
}
