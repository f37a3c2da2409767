internal import Charts
internal import Foundation
internal import Model
internal import Mustache
internal import Reports

/// Drill-down by service: for every service seen in a range (a row of processing performance's
/// service breakdown), each report filtered to it, at `services/<slug>/<type>/<range>/index.html`.
/// The service rows of the report tables and the bars of the error chart link there.
extension BuildContext {
    /// The report types a service has a page of.
    static let serviceTypes: [ReportType] = ReportType.allCases

    /// Range → service name → slug, from the processing performance reports of the build
    /// (events without a service have no page). Two names with the same slug get `-2`, `-3`, ….
    /// Names are told apart by their bytes, as the pages' SQL filters are: two spellings of `é`
    /// are two services with a page each.
    func servicesByRange() -> [String: [UTF8Key: String]] {
        var out: [String: [UTF8Key: String]] = [:]
        var slugs: [UTF8Key: String] = [:]  // one slug per name across ranges
        var taken = Set<String>()
        for range in rangeNames {
            guard case .processingPerformance(let report)? = documents[ReportKey(type: .processingPerformance, range: range)]?.data else { continue }
            for name in report.serviceBreakdown.compactMap(\.serviceName).map(UTF8Key.init) {
                if slugs[name] == nil {
                    let base = Slug.make(name.text)
                    var slug = base, index = 1
                    while taken.contains(slug) { index += 1; slug = "\(base)-\(index)" }
                    taken.insert(slug)
                    slugs[name] = slug
                }
                out[range, default: [:]][name] = slugs[name]
            }
        }
        return out
    }

    /// `services/<slug>/<type>/<range>/index.html`, relative to the site root.
    static func servicePage(_ slug: String, _ type: ReportType, _ range: String) -> String {
        "services/\(slug)/\(type.rawValue)/\(range)/index.html"
    }

    /// The page of `service` for `type` over `range`, relative to a page at `root`; nil when none.
    func serviceLink(_ service: String, _ type: ReportType, _ range: String, root: String) -> String? {
        guard Self.serviceTypes.contains(type), types.contains(type), let slug = serviceSlugs[range]?[UTF8Key(service)] else { return nil }
        return root + Self.servicePage(slug, type, range)
    }

    /// Where a chart mark of the page of `key` (at `root`) drills down to: an error type ×
    /// service bar to that service's error analysis; a day of a 30d/90d timeline to the
    /// shortest published daily range of the same report (7d, 30d) that covers the whole day.
    func markLink(_ mark: ChartMark, chart: String, _ key: ReportKey, root: String) -> String? {
        switch chart {
        case "error_analysis":
            guard mark.values.count == 1, let service = mark.values[0].series else { return nil }
            return serviceLink(service, .errorAnalysis, key.range, root: root)
        case "processing_timeline":
            guard Self.days(key.range) > 7, let date = Timestamp.parse(String(mark.label.prefix(10)) + "T00:00:00Z"),
                let calendar = try? ZoneCalendar(identifier: options.timeZone)
            else { return nil }
            let dayStart = calendar.startOfDay(Int(date / 86_400_000))  // the local day's first instant
            let shorter = rangeNames.filter { (2..<Self.days(key.range)).contains(Self.days($0)) }.sorted { Self.days($0) < Self.days($1) }
            for range in shorter {
                guard let period = documents[ReportKey(type: key.type, range: range)]?.metadata.period,
                    let start = Timestamp.parse(period.start), let end = Timestamp.parse(period.end)
                else { continue }
                if start <= dayStart && dayStart < end { return "../\(range)/index.html" }
            }
            return nil
        default:
            return nil
        }
    }

    /// The length in days of a range name (`7d` → 7; `all` → Int.max).
    static func days(_ range: String) -> Int {
        range.hasSuffix("d") ? Int(range.dropLast()) ?? Int.max : Int.max
    }

    /// A report table whose `service_name` cells link to that service's processing page.
    func linkingServices(_ table: TableView, range: String, root: String) -> TableView {
        guard let column = table.columns.firstIndex(where: { $0.parts.joined() == "service_name" }) else { return table }
        var linked = table
        for (r, row) in table.rows.enumerated() where column < row.cells.count {
            if let href = serviceLink(row.cells[column].text, .processingPerformance, range, root: root) {
                linked.rows[r].cells[column].href = href
                linked.rows[r].cells[column].hasHref = true
            }
        }
        return linked
    }

    /// Every service page: the report filtered to the service, without charts or downloads.
    mutating func renderServicePages(_ library: MustacheLibrary) throws {
        let root = "../../../../"
        for (range, parsed) in zip(rangeNames, ranges) {
            for (key, slug) in (serviceSlugs[range] ?? [:]).sorted(by: { $0.value < $1.value }) {
                let name = key.text
                for type in Self.serviceTypes where types.contains(type) {
                    let request = ReportRequest(type: type, range: parsed, asOf: options.asOf, filters: ReportFilters(serviceName: [name]))
                    let document = try engine.generate(request, generatedAt: generatedAt)
                    var view = reportPage(ReportKey(type: type, range: range), document, root: root)
                    view.reportTitle = "\(type.title) · \(name)"
                    view.chrome = chrome(title: "\(type.title) · \(name) · \(range)", root: root)
                    view.ranges = rangeNames.filter { serviceSlugs[$0]?[key] != nil }
                        .map { LinkView(label: $0, href: "../\($0)/index.html", current: $0 == range) }
                    view.downloads = []
                    view.hasDownloads = false
                    view.charts = []
                    try write(try render(library, view, "report"), to: Self.servicePage(slug, type, range))
                }
            }
        }
    }
}
