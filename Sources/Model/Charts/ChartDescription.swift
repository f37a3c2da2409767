import Foundation

/// A chart, described as plain data: what to draw, never how. The Charts module renders it to
/// SVG, PNG and PDF; the site uses ``altText`` and ``dataTable`` beside the image.
///
/// The description is `Codable` so it can be cached, shipped over the API or written next to
/// the rendered files, and `Sendable` so a build can render many of them in parallel.
public struct ChartDescription: Codable, Sendable, Equatable {
    /// A stable slug, e.g. `processing_timeline`; used for file names.
    public var name: String
    /// The heading drawn at the top of the chart.
    public var title: String
    /// An optional second line under the title (range, filters, as-of).
    public var subtitle: String?
    /// Size in CSS pixels / PDF points. PNG output is twice this in device pixels.
    public var width: Double
    /// Size in CSS pixels / PDF points.
    public var height: Double
    /// The data and the chart type.
    public var content: ChartContent

    /// Creates a description; width and height default to a 16:9-ish report chart.
    public init(
        name: String, title: String, subtitle: String? = nil,
        width: Double = 800, height: Double = 420, content: ChartContent
    ) {
        self.name = name
        self.title = title
        self.subtitle = subtitle
        self.width = width
        self.height = height
        self.content = content
    }
}

/// The chart type together with its data.
public enum ChartContent: Codable, Sendable, Equatable {
    case line(LineChart)
    case bar(BarChart)
    case pie(PieChart)
    case scatter(ScatterChart)
    case gauge(GaugeChart)
    case heatmap(HeatmapChart)
    case sparkline(SparklineChart)

    /// A short lowercase name of the type (`line`, `bar`, …).
    public var kind: String {
        switch self {
        case .line: "line"
        case .bar: "bar"
        case .pie: "pie"
        case .scatter: "scatter"
        case .gauge: "gauge"
        case .heatmap: "heatmap"
        case .sparkline: "sparkline"
        }
    }

    /// True when there is nothing to plot: the renderer then draws "No data for this period".
    public var isEmpty: Bool {
        switch self {
        case .line(let c): c.series.allSatisfy { $0.points.isEmpty }
        case .bar(let c): c.categories.isEmpty || c.series.allSatisfy { $0.values.allSatisfy { $0 == 0 } }
        case .pie(let c): c.slices.allSatisfy { $0.value <= 0 }
        case .scatter(let c): c.series.allSatisfy { $0.points.isEmpty }
        case .gauge(let c): c.gauges.isEmpty
        case .heatmap(let c): c.values.allSatisfy { $0.allSatisfy { $0 == 0 } }
        case .sparkline(let c): c.values.isEmpty
        }
    }
}

/// The unit of a value axis or figure; decides how numbers are written.
public enum ValueUnit: String, Codable, Sendable, CaseIterable {
    /// A plain count: `12,345`.
    case count
    /// Milliseconds: `1,500 ms`.
    case milliseconds = "ms"
    /// Seconds: `2.5 s`.
    case seconds = "s"
    /// A percentage 0–100: `98.5 %`.
    case percent = "%"
    /// Megabytes: `2.5 MB`.
    case megabytes = "MB"
    /// A number without unit, decimals kept.
    case plain
}
