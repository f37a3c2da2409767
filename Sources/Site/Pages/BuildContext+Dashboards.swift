internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Mustache
internal import Reports
internal import Store

extension BuildContext {
    /// Dashboards from the database and from the config directory (`*.json`), each validated;
    /// one that fails is named in `failures` and the others are still published.
    mutating func loadDashboards() -> [DashboardConfig] {
        var sources: [(String, String)] = []
        for stored in (try? store.dashboards()) ?? [] { sources.append(("database dashboard \"\(stored.name)\"", stored.json)) }
        if let directory = options.dashboardsDirectory,
            let files = try? FileManager.default.contentsOfDirectory(atPath: directory)
        {
            for file in files.sorted() where file.hasSuffix(".json") {
                let path = directory + "/" + file
                if let text = try? String(contentsOfFile: path, encoding: .utf8) { sources.append((path, text)) }
            }
        }
        var dashboards: [DashboardConfig] = []
        for (origin, json) in sources {
            do {
                let dashboard = try JSONDecoder().decode(DashboardConfig.self, from: Data(json.utf8))
                try MetricCatalog.validate(dashboard)
                dashboards.append(dashboard)
            } catch let error as ReportRequestError {
                failures.append("\(origin): \(error)")
            } catch {
                failures.append("\(origin): not a valid dashboard: \(error)")
            }
        }
        return dashboards
    }

    mutating func renderDashboards(_ library: MustacheLibrary) throws {
        var seen = Set<String>()
        for dashboard in loadDashboards() where seen.insert(dashboard.slug).inserted {
            do {
                let view = try dashboardPage(dashboard)
                try write(try render(library, view, "dashboard"), to: "dashboards/\(dashboard.slug)/index.html")
                dashboardLinks.append(LinkView(label: dashboard.name, href: "dashboards/\(dashboard.slug)/index.html"))
            } catch {
                failures.append("dashboard \"\(dashboard.name)\": \(error)")
            }
        }
    }

    /// A report for a widget: the build's own when the range was built, else computed now.
    mutating func document(_ type: ReportType, _ range: String) throws -> ReportDocument {
        let key = ReportKey(type: type, range: range)
        if let known = documents[key] ?? extraDocuments[key] { return known }
        let document = try engine.generate(
            ReportRequest(type: type, range: try TimeRange.parse(range), asOf: options.asOf), generatedAt: generatedAt)
        extraDocuments[key] = document
        return document
    }

    mutating func dashboardPage(_ dashboard: DashboardConfig) throws -> DashboardPageView {
        let columns = dashboard.layout?.columns ?? 12
        var widgets: [WidgetView] = []
        for (index, widget) in dashboard.widgets.enumerated() {
            let range = widget.timeRange ?? (rangeNames.contains("7d") ? "7d" : rangeNames.first ?? "7d")
            let position = widget.position ?? DashboardConfig.Position(x: 0, y: index * 2, w: columns, h: 2)
            var view = WidgetView(
                title: widget.title ?? widget.metric ?? widget.chartType ?? widget.table ?? "",
                gridStyle: "grid-column: \(position.x + 1) / span \(position.w); grid-row: \(position.y + 1) / span \(position.h)",
                isMetric: false, isTable: false, isText: false, isChart: false, value: "", rangeLabel: range, text: "",
                table: nil, chartImage: "", hasChartImage: false, chartAlt: "")
            switch widget.type {
            case "metric":
                let metric = MetricCatalog.metrics[widget.metric ?? ""]!
                let value = metric.read(try document(metric.report, range).data)
                view.isMetric = true
                view.value = value.map { metric.unit.isEmpty && $0 == $0.rounded() ? DisplayFormat.integer(Int64($0)) : DisplayFormat.decimal($0, unit: metric.unit) } ?? "—"
                if widget.title == nil { view.title = metric.label }
            case "table":
                let name = widget.table ?? widget.metric ?? ""
                let source = try document(MetricCatalog.tables[name]!, range)
                view.isTable = true
                view.table = source.tables.first { $0.name == name }.map { tableView($0.markingInProgress(source.inProgressBucket)) }
            case "chart":
                let chart = widget.chartType ?? ""
                let source = try document(MetricCatalog.charts[chart]!, range)
                view.isChart = true
                view.table = source.tables.first { $0.name == Self.chartTable[chart] }.map { tableView($0.markingInProgress(source.inProgressBucket)) }
                let key = ReportKey(type: MetricCatalog.charts[chart]!, range: range)
                if let drawn = charts[key]?.first(where: { $0.name == chart }) {
                    view.chartImage = "../../" + key.directory + "charts/\(chart).svg"
                    view.hasChartImage = true
                    view.chartAlt = drawn.altText
                    view.chart = chartView(drawn, base: "../../" + key.directory + "charts/")
                    view.table = nil  // the chart block shows its numbers itself
                } else {
                    view.chartAlt = "\(view.title) for the last \(range)"
                }
            default:
                view.isText = true
                view.text = widget.content ?? dashboard.description ?? ""
            }
            widgets.append(view)
        }
        let refresh = dashboard.refreshInterval ?? 0
        return DashboardPageView(
            chrome: chrome(title: dashboard.name, root: "../../"), name: dashboard.name, description: dashboard.description ?? "",
            hasDescription: dashboard.description != nil, refreshInterval: refresh, refreshes: refresh > 0, columns: columns,
            widgets: widgets)
    }

    /// The table that holds each chart's numbers (shown beside it).
    static let chartTable = [
        "processing_timeline": "time_series", "error_analysis": "error_patterns", "device_distribution": "device_types",
        "performance_metrics": "summary",
    ]
}
