internal import Foundation
public import Model

/// Everything a site build needs to know.
public struct BuildOptions: Sendable {
    public var databasePath: String
    public var outputPath: String
    /// The template directory (a copy of Templates/ to restyle the site).
    public var templatesPath: String
    public var asOf: Int64
    public var ranges: [String]
    /// Only these report types (all when nil).
    public var only: [ReportType]?
    /// Rebuild the rollups from scratch.
    public var full = false
    public var siteTitle = "ESpice Analytics"
    public var timeZone = "UTC"
    public var roles = EventRoles.defaults
    public var tolerancePct = 20.0
    /// Success rate below this raises an alert on the summary page.
    public var minimumSuccessRate = 95.0
    /// A directory of dashboard JSON files published beside those in the database.
    public var dashboardsDirectory: String?
    /// A directory of saved-report JSON files published beside those in the database.
    public var savedReportsDirectory: String?
    /// Reports are computed on this many threads (`MAX_WORKERS`); the CPU-bound steps use
    /// ``cpuWorkers``.
    public var maxWorkers = 2

    /// The threads of the steps that are CPU work (charts, downloads, pages): `maxWorkers`, but
    /// no more than the cores. With the default `max_workers` of 4 on 2 cores, the longest file
    /// (the 90-day workbook at 1M events x 200,000 users) got half a core beside three others and
    /// finished alone, 0.9 s after the rest.
    var cpuWorkers: Int { min(maxWorkers, ProcessInfo.processInfo.activeProcessorCount) }
    /// Downloads larger than this many bytes get a gzip copy beside them (`name.gz`, for nginx
    /// `gzip_static`) when gzip saves at least 10 %.
    public var precompressMinimumBytes = 1_000_000
    /// How the gzip copies of files above its threshold are cut into segments (tests make them small).
    var gzipSegmenting = GzipSegmenting.standard
    /// Drill-down pages per service (`services/<slug>/…`, linked from service rows and error
    /// bars). Off by default: each is a filtered report, folded from the raw events (at 1M events
    /// several seconds per service and range), so nightly builds opt in with `--service-pages`.
    public var servicePages = false
    /// Keep the site swapped out by a publish beside the output (`.NAME.recycle`) until the next
    /// one, whose big downloads are written over its files (``Recycler``): a busy year's nightly
    /// build spent 5–9 s of system time making 1.3 GB of new files, under 1 s writing over them.
    /// Off, the swapped-out site is deleted, and so is a recycle directory left from before.
    public var recyclePreviousSite = true
    /// Threshold alerts (`alerts:`): their current levels show on the summary page, and their
    /// thresholds set the bands of the performance gauges. A configured success-rate threshold
    /// replaces the built-in ``minimumSuccessRate`` line.
    public var alerts = AlertSettings() {
        didSet { if alerts.successRate != nil { minimumSuccessRate = -.infinity } }
    }

    public init(databasePath: String, outputPath: String, templatesPath: String, asOf: Int64, ranges: [String]) {
        self.databasePath = databasePath
        self.outputPath = outputPath
        self.templatesPath = templatesPath
        self.asOf = asOf
        self.ranges = ranges
    }
}

/// What a build did.
public struct BuildSummary: Sendable, Codable {
    public var status: String
    public var startedAt: String
    public var durationSeconds: Double
    public var eventsFolded: Int
    public var rollupsRebuilt: Bool
    public var reports: Int
    public var files: Int
    public var output: String
    public var errors: [String]
    /// Dashboards or saved reports that failed (the rest of the site was published).
    public var failures: [String] = []

    enum CodingKeys: String, CodingKey {
        case status, startedAt = "started_at", durationSeconds = "duration_seconds", eventsFolded = "events_folded"
        case rollupsRebuilt = "rollups_rebuilt", reports, files, output, errors, failures
    }
}
