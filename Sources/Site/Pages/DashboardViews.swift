/// A dashboard page: widgets placed on a CSS grid from their positions.
struct DashboardPageView {
    var chrome: PageChrome
    var name: String
    var description: String
    var hasDescription: Bool
    var refreshInterval: Int
    var refreshes: Bool
    var columns: Int
    var widgets: [WidgetView]
}

struct WidgetView {
    var title: String
    /// `grid-column: …; grid-row: …` from the widget's position.
    var gridStyle: String
    var isMetric: Bool
    var isTable: Bool
    var isText: Bool
    var isChart: Bool
    var value: String
    var rangeLabel: String
    var text: String
    var table: TableView?
    var chartImage: String
    var hasChartImage: Bool
    var chartAlt: String
    /// A chart widget drawn by this build: laid out as on report pages (hover and focus marks,
    /// its numbers in a table, PNG and PDF links).
    var chart: ChartView? = nil
}
