internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Mustache
internal import Reports
internal import Store

extension BuildContext {
    /// HTML tables show at most this many rows; the downloads hold every row.
    static let maxTableRows = 500

    mutating func renderPages() async throws {
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: options.templatesPath)
        } catch {
            throw SiteError(step: "pages", path: options.templatesPath, message: "cannot load templates: \(error)")
        }
        serviceSlugs = options.servicePages ? servicesByRange() : [:]
        rawDetail = rawDetailNote(try store.rawRetention())
        // The report pages are rendered on the workers, then written in order: Mustache walks
        // each view by reflection, about a second on one core for 20 pages with 500-row tables.
        let keys = Array(documents.keys)
        let views = keys.map { reportPage($0, documents[$0]!) }
        let templates = options.templatesPath
        let pages = ParallelWork.map(keys.count, workers: options.cpuWorkers) { (index) throws(SiteError) -> String in
            try Self.render(library, views[index], "report", templatesPath: templates)
        }
        for (key, page) in zip(keys, pages) { try write(try page.get(), to: key.directory + "index.html") }
        try renderDashboards(library)
        try renderSavedReports(library)
        try renderServicePages(library)
        try write(try render(library, indexPage(), "index"), to: "index.html")
        try write(try render(library, historyPage(), "history"), to: "history/index.html")
    }

    func render(_ library: MustacheLibrary, _ view: Any, _ template: String) throws -> String {
        try Self.render(library, view, template, templatesPath: options.templatesPath)
    }

    /// `view` rendered by `template` of `library` (loaded from `templatesPath`).
    static func render(_ library: MustacheLibrary, _ view: Any, _ template: String, templatesPath: String) throws(SiteError) -> String {
        guard library.getTemplate(named: template) != nil, let html = library.render(view, withTemplate: template) else {
            throw SiteError(step: "pages", path: templatesPath + "/\(template).mustache", message: "template missing")
        }
        return html
    }

    func chrome(title: String, root: String) -> PageChrome {
        var nav = [LinkView(label: "Summary", href: root + "index.html")]
        for type in types {
            let range = rangeNames.contains("7d") ? "7d" : rangeNames.first ?? "7d"
            nav.append(LinkView(label: type.title, href: root + ReportKey(type: type, range: range).directory + "index.html"))
        }
        nav.append(LinkView(label: "History", href: root + "history/index.html"))
        return PageChrome(
            pageTitle: title, siteTitle: options.siteTitle, root: root,
            generatedAt: DisplayFormat.instant(Timestamp.iso8601(generatedAt)), asOf: DisplayFormat.instant(Timestamp.iso8601(options.asOf)),
            timeZone: options.timeZone, nav: nav, rawDetail: rawDetail, hasRawDetail: !rawDetail.isEmpty)
    }

    /// After `db prune`, for every page: since when raw events are kept, the ranges whose
    /// reports lie wholly after that (full detail), and those that read the rollups before it.
    /// Empty when nothing was pruned.
    func rawDetailNote(_ retention: RawRetention?) -> String {
        guard let since = retention?.rawSince else { return "" }
        let date = String(Timestamp.iso8601(since).prefix(10))
        let before = Set(documents.filter { $0.value.metadata.rawEventsSince != nil }.map(\.key.range))
        let full = rangeNames.filter { !before.contains($0) }
        let partial = rangeNames.filter { before.contains($0) }
        var note = "Raw events are kept since \(date) (older ones were pruned; their figures live on in the rollups)."
        if !full.isEmpty { note += " Full detail: \(full.joined(separator: ", "))." }
        if !partial.isEmpty {
            note += " Reaching before it, read from the rollups there: \(partial.joined(separator: ", ")) (totals and daily figures "
                + "exact, window edges on whole hours, whole days for per-user figures; service pages count only the events kept)."
        }
        return note
    }

    /// The note of a report page whose report reads before the raw-event cutoff.
    static func rawNote(_ document: ReportDocument) -> String {
        guard let since = document.metadata.rawEventsSince else { return "" }
        let date = String(since.prefix(10))
        if !document.metadata.filters.isEmpty {
            return "Raw events before \(date) were pruned: this filtered report counts only the events since then."
        }
        return "Raw events before \(date) were pruned: before then this report reads the rollups "
            + "(window edges on whole hours, whole days for per-user figures)."
    }

    func reportPage(_ key: ReportKey, _ document: ReportDocument, root: String = "../../../") -> ReportPageView {
        let inProgress = document.inProgressBucket
        let tables = document.tables.map { $0.markingInProgress(inProgress) }
        var kpis: [KPIView] = []
        var recommendations: [String] = []
        switch document.data {
        case .processingPerformance(let report): kpis = KPIs.processing(report)
        case .businessIntelligence(let report): kpis = KPIs.business(report)
        case .errorAnalysis(let report):
            kpis = KPIs.errors(report)
            recommendations = report.recommendations
        case .userActivity(let report): kpis = KPIs.users(report)
        }
        return ReportPageView(
            chrome: chrome(title: "\(key.type.title) · \(key.range)", root: root), reportTitle: key.type.title,
            rangeLabel: key.range, periodStart: DisplayFormat.instant(document.metadata.period.start),
            periodEnd: DisplayFormat.instant(document.metadata.period.end),
            ranges: rangeNames.map { LinkView(label: $0, href: "../\($0)/index.html", current: $0 == key.range) },
            downloads: downloadLinks(directory: key.directory, baseName: key.baseName),
            kpis: kpis, recommendations: recommendations, hasRecommendations: !recommendations.isEmpty,
            charts: (charts[key] ?? []).map { chart in chartView(chart, base: "charts/", link: { markLink($0, chart: chart.name, key, root: root) }) },
            tables: tables.filter { $0.name != "summary" && $0.name != "recommendations" }.map(tableView)
                .map { linkingServices($0, range: key.range, root: root) },
            rawNote: Self.rawNote(document), hasRawNote: document.metadata.rawEventsSince != nil)
    }

    func tableView(_ table: ReportTable) -> TableView {
        let shown = table.rows.prefix(Self.maxTableRows)
        let note = table.rows.count > shown.count
            ? "Showing the first \(shown.count) of \(DisplayFormat.integer(Int64(table.rows.count))) rows; the CSV and JSON downloads hold all of them."
            : ""
        return TableView(
            id: table.name, title: table.name.replacingOccurrences(of: "_", with: " ").capitalizedFirst,
            columns: table.columns.map(ColumnView.init), rows: shown.map { RowView(cells: $0.map(DisplayFormat.cell)) }, note: note,
            hasNote: !note.isEmpty, isEmpty: table.rows.isEmpty)
    }

    func chartView(_ chart: ChartDescription, base: String, link: (ChartMark) -> String? = { _ in nil }) -> ChartView {
        let data = chart.dataTable
        let shown = data.rows.prefix(Self.maxTableRows)
        let marks = MarkView.marks(for: chart, link: link)
        return ChartView(
            name: chart.name, title: chart.title, base: base, alt: chart.altText, width: Int(chart.width), height: Int(chart.height),
            wideTable: data.columns.count >= 4,
            table: TableView(
                id: chart.name + "-data", title: data.caption, columns: data.columns.map(ColumnView.init),
                rows: shown.map { RowView(cells: $0.map { text in
                    let number = Double(text.replacingOccurrences(of: ",", with: ""))
                    return CellView(text: text, numeric: number != nil, value: number.map { String($0) } ?? "")
                }) },
                note: data.rows.count > shown.count ? "Showing the first \(shown.count) rows." : "", hasNote: data.rows.count > shown.count,
                isEmpty: data.rows.isEmpty),
            marks: marks, hasMarks: !marks.isEmpty)
    }

    /// The four download links of a report page, each with the size of its file as written
    /// (`CSV · 1.2 MB`); the downloads are written before the pages.
    func downloadLinks(directory: String, baseName: String) -> [LinkView] {
        DownloadJob.extensions.map { ext in
            let size = Precompression.fileSize(staging.appendingPathComponent(directory + baseName + "." + ext).path)
            return LinkView(label: ext.uppercased() + (size.map { " · " + DisplayFormat.fileSize($0) } ?? ""), href: baseName + "." + ext)
        }
    }

    func indexPage() -> IndexPageView {
        let range = rangeNames.contains("7d") ? "7d" : rangeNames.first ?? "7d"
        var kpis: [KPIView] = []
        var alerts: [AlertView] = []
        var recommendations: [String] = []
        if case .processingPerformance(let report)? = documents[ReportKey(type: .processingPerformance, range: range)]?.data {
            kpis += KPIs.processing(report)
            if report.baseline.breach, let p95 = report.processingTime.p95, let base = report.baseline.p95ProcessingTime {
                alerts.append(AlertView(text: "p95 processing time \(DisplayFormat.decimal(p95, unit: " ms")) is above the baseline \(DisplayFormat.decimal(base, unit: " ms")) by more than \(DisplayFormat.decimal(report.baseline.tolerancePct))%."))
            }
            if let rate = report.successRate, rate < options.minimumSuccessRate {
                alerts.append(AlertView(text: "Success rate \(DisplayFormat.decimal(rate))% is below the \(DisplayFormat.decimal(options.minimumSuccessRate))% threshold."))
            }
        }
        if case .userActivity(let report)? = documents[ReportKey(type: .userActivity, range: range)]?.data {
            kpis.append(KPIView(label: "Active users", value: DisplayFormat.integer(Int64(report.activeUsers)), change: "", direction: "flat", goodWhenUp: true, hasChange: false))
        }
        if case .errorAnalysis(let report)? = documents[ReportKey(type: .errorAnalysis, range: range)]?.data {
            recommendations = report.recommendations
        }
        let reports = types.map { type in
            ReportLinksView(title: type.title, links: rangeNames.map { LinkView(label: $0, href: ReportKey(type: type, range: $0).directory + "index.html") })
        }
        let keyCharts = (charts[ReportKey(type: .processingPerformance, range: range)] ?? []).map {
            chartView($0, base: ReportKey(type: .processingPerformance, range: range).directory + "charts/")
        }
        return withThresholdAlerts(IndexPageView(
            chrome: chrome(title: "Summary", root: ""), rangeLabel: range, charts: keyCharts, kpis: kpis, alerts: alerts, hasAlerts: !alerts.isEmpty,
            reports: reports, dashboards: dashboardLinks, hasDashboards: !dashboardLinks.isEmpty, saved: savedLinks,
            hasSaved: !savedLinks.isEmpty, recommendations: recommendations, hasRecommendations: !recommendations.isEmpty))
    }

    func historyPage() throws -> HistoryPageView {
        let runs = (try? store.recentRuns(limit: 50)) ?? []
        let rows = runs.map { run in
            HistoryRowView(
                kind: run.kind, started: DisplayFormat.instant(Timestamp.iso8601(run.startedAt)),
                duration: run.durationMilliseconds.map { DisplayFormat.decimal(Double($0) / 1000, unit: " s") } ?? (run.id == historyRunId ? "this build" : "—"),
                status: run.id == historyRunId ? "running" : run.status, failed: run.status == "failed",
                eventsFolded: DisplayFormat.integer(Int64(run.eventsFolded)), outputs: "\(run.outputs.count) pages",
                errors: run.errors.joined(separator: "; "))
        }
        return withDeliveryResults(HistoryPageView(chrome: chrome(title: "History", root: "../"), runs: rows, hasRuns: !rows.isEmpty))
    }

    mutating func copyAssets() throws {
        let source = URL(fileURLWithPath: options.templatesPath).appendingPathComponent("assets")
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: source.path)) ?? []
        for file in files.sorted() {
            var isDirectory: ObjCBool = false
            let url = source.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            try write(try Data(contentsOf: url), to: "assets/" + file)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
