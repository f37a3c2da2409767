/// A custom dashboard, as the original service's `POST /api/analytics/dashboards` body (SPEC §8).
public struct DashboardConfig: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var widgets: [Widget]
    public var layout: Layout?
    /// Seconds between automatic page reloads.
    public var refreshInterval: Int?

    public init(name: String, description: String? = nil, widgets: [Widget], layout: Layout? = nil, refreshInterval: Int? = nil) {
        self.name = name
        self.description = description
        self.widgets = widgets
        self.layout = layout
        self.refreshInterval = refreshInterval
    }

    enum CodingKeys: String, CodingKey {
        case name, description, widgets, layout
        case refreshInterval = "refresh_interval"
    }

    public struct Layout: Sendable, Hashable, Codable {
        public var columns: Int?

        public init(columns: Int?) { self.columns = columns }
    }

    public struct Widget: Sendable, Hashable, Codable {
        /// `metric`, `chart`, `table` or `text`.
        public var type: String
        public var title: String?
        public var metric: String?
        public var chartType: String?
        /// A report data key shown as a table (`table` widgets), e.g. `service_breakdown`.
        public var table: String?
        /// Text of a `text` widget.
        public var content: String?
        public var timeRange: String?
        public var position: Position?

        public init(type: String, title: String? = nil, metric: String? = nil, chartType: String? = nil, table: String? = nil,
                    content: String? = nil, timeRange: String? = nil, position: Position? = nil) {
            self.type = type
            self.title = title
            self.metric = metric
            self.chartType = chartType
            self.table = table
            self.content = content
            self.timeRange = timeRange
            self.position = position
        }

        enum CodingKeys: String, CodingKey {
            case type, title, metric, table, content, position
            case chartType = "chart_type"
            case timeRange = "time_range"
        }
    }

    public struct Position: Sendable, Hashable, Codable {
        public var x: Int
        public var y: Int
        public var w: Int
        public var h: Int

        public init(x: Int, y: Int, w: Int, h: Int) {
            self.x = x
            self.y = y
            self.w = w
            self.h = h
        }
    }

    /// A file- and URL-safe name: lowercase letters, digits and dashes.
    public var slug: String { Slug.make(name) }
}

/// Slugs for file names: never a path separator, never `..`.
public enum Slug {
    public static func make(_ text: String) -> String {
        var out = ""
        var dash = false
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
                dash = false
            } else if !dash && !out.isEmpty {
                out += "-"
                dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.isEmpty {
            // Names without Latin letters or digits: a stable hex digest of the name.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            out = "d-" + String(hash, radix: 16)
        }
        return String(out.prefix(80))
    }
}
