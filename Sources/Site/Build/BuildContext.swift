internal import Foundation
internal import Logging
internal import Model
internal import Charts
internal import Reports
internal import Store

/// The state the steps of one build share.
struct BuildContext {
    let options: BuildOptions
    let store: AnalyticsStore
    let engine: ReportEngine
    let staging: URL
    /// Takes the downloads of the site before the last back into staging (``Recycler``).
    var recycler: Recycler
    let logger: Logger
    let generatedAt: Int64
    var ranges: [TimeRange] = []
    var rangeNames: [String] = []
    var types: [ReportType] = []
    var documents: [ReportKey: ReportDocument] = [:]
    var refresh: RollupRefresh?
    var files: [String] = []
    var historyRunId: Int64 = 0
    /// Reports computed for dashboards beyond the build's ranges.
    var extraDocuments: [ReportKey: ReportDocument] = [:]
    /// Dashboards or saved reports that could not be published (exit status 2).
    var failures: [String] = []
    /// Links to the published saved reports, for the summary page.
    var savedLinks: [LinkView] = []
    /// Links to the published dashboards, for the summary page.
    var dashboardLinks: [LinkView] = []
    /// The charts drawn for each report, in page order.
    var charts: [ReportKey: [ChartDescription]] = [:]
    /// The inputs of the published downloads and of this build's (see ``ExportManifest``).
    var exportManifest = ExportManifest()
    /// Range → service name (by its bytes, as the page's SQL filter matches it) → the slug of its
    /// drill-down pages (``renderServicePages(_:)``).
    var serviceSlugs: [String: [UTF8Key: String]] = [:]
    /// Every page's note on the raw detail kept after `db prune` (``rawDetailNote(_:)``), made
    /// once when the pages are rendered; empty when nothing was pruned.
    var rawDetail = ""

    /// Writes a file into the staging directory (creating its folders) and records it.
    mutating func write(_ data: Data, to relativePath: String) throws {
        try Self.writeFile(data, to: staging.appendingPathComponent(relativePath))
        files.append(relativePath)
    }

    /// Writes a new file: one already there is unlinked first, never overwritten in place —
    /// it may be a hard link to a published file (``linkPublished(_:)``).
    static func writeFile(_ data: Data, to url: URL) throws(SiteError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            unlink(url.path)
            try data.write(to: url)
        } catch {
            throw SiteError(step: "write", path: url.path, message: error.localizedDescription)
        }
    }

    mutating func write(_ text: String, to relativePath: String) throws {
        try write(Data(text.utf8), to: relativePath)
    }
}

/// A report type at a range.
struct ReportKey: Hashable {
    var type: ReportType
    var range: String

    /// `reports/<type>/<range>/`.
    var directory: String { "reports/\(type.rawValue)/\(range)/" }
    var baseName: String { "\(type.rawValue)-\(range)" }
}
