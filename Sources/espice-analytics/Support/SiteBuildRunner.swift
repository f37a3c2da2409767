import Foundation
import Logging
import Model
import Site

/// Builds the site from a resolved configuration (shared by `build` and `demo`).
enum SiteBuildRunner {
    static func build(
        config: AnalyticsConfig, asOf: Int64, ranges: [String]? = nil, only: [ReportType]? = nil, full: Bool = false,
        templates: String? = nil, dashboards: String? = nil, servicePages: Bool = false, recycle: Bool = true, showProgress: Bool = false,
        logger: Logger
    ) async throws -> BuildSummary {
        var options = BuildOptions(
            databasePath: config.databasePath, outputPath: config.outputPath,
            templatesPath: try TemplateLocator.find(templates), asOf: asOf, ranges: ranges ?? config.ranges)
        options.only = only
        options.full = full
        options.siteTitle = config.siteTitle
        options.timeZone = config.timeZone
        options.roles = config.eventRoles
        options.dashboardsDirectory = dashboards
        options.maxWorkers = config.maxWorkers
        options.savedReportsDirectory = config.delivery.savedReportsDirectory
        options.alerts = config.delivery.alerts
        options.servicePages = servicePages
        options.recyclePreviousSite = recycle
        // On a terminal: "[3/8] charts (25%)" on stderr, rewritten in place.
        let onTerminal = showProgress && isatty(2) == 1
        let progress: (@Sendable (String, Int, Int) -> Void)? = onTerminal ? Self.showStep : nil
        defer { if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
        return try await SiteBuilder(options: options, logger: logger, progress: progress).run()
    }

    @Sendable static func showStep(_ step: String, _ number: Int, _ total: Int) {
        let text = "\r\u{1B}[K[\(number)/\(total)] \(step) (\((number - 1) * 100 / total)%)"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
