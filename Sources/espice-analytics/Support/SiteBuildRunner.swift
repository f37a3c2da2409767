import Logging
import Model
import Site

/// Builds the site from a resolved configuration (shared by `build` and `demo`).
enum SiteBuildRunner {
    static func build(
        config: AnalyticsConfig, asOf: Int64, ranges: [String]? = nil, only: [ReportType]? = nil, full: Bool = false,
        templates: String? = nil, dashboards: String? = nil, logger: Logger
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
        return try await SiteBuilder(options: options, logger: logger).run()
    }
}
