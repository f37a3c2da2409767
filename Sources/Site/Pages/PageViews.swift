/// View models handed to the Mustache templates (never records): plain strings, numbers and
/// lists, already formatted. Every string is escaped by the templates' `{{…}}`.
struct LinkView {
    var label: String
    var href: String
    var current = false
}

struct KPIView {
    var label: String
    var value: String
    var change: String
    /// `up`, `down` or `flat` (for the arrow and its colour).
    var direction: String
    /// Whether up is good (green) for this figure.
    var goodWhenUp: Bool
    var hasChange: Bool
}

struct CellView {
    var text: String
    var numeric: Bool
    /// The number behind a numeric cell's formatted text (`data-value`, what the table sorts by).
    var value = ""
    /// A drill-down link (a service's own page), relative to the page.
    var href = ""
    var hasHref = false
}

struct RowView {
    var cells: [CellView]
}

struct TableView {
    var id: String
    var title: String
    var columns: [ColumnView]
    var rows: [RowView]
    var note: String
    var hasNote: Bool
    var isEmpty: Bool
}

/// A column header, in pieces the browser may break between (after each `_`, so a narrow
/// column wraps `spice_model_generated` as `spice_ / model_ / generated`, never mid-word).
struct ColumnView {
    var parts: [String]

    init(_ name: String) {
        var parts: [String] = []
        var current = ""
        for character in name {
            current.append(character)
            if character == "_" { parts.append(current); current = "" }
        }
        if !current.isEmpty || parts.isEmpty { parts.append(current) }
        self.parts = parts
    }
}

struct ReportLinksView {
    var title: String
    var links: [LinkView]
}

struct AlertView {
    var text: String
    /// `warn` or `critical` (a CSS class).
    var level = "warn"
}

/// Fields every page's layout reads.
struct PageChrome {
    var pageTitle: String
    var siteTitle: String
    /// Relative path from the page to the site root (`../../../`), so links work anywhere.
    var root: String
    var generatedAt: String
    var asOf: String
    var timeZone: String
    var nav: [LinkView]
    /// After `db prune`: which ranges keep raw detail and which read the rollups before the
    /// cutoff (``BuildContext/rawDetailNote(_:)``); empty otherwise.
    var rawDetail = ""
    var hasRawDetail = false
}

struct IndexPageView {
    var chrome: PageChrome
    var rangeLabel: String
    var charts: [ChartView]
    var kpis: [KPIView]
    var alerts: [AlertView]
    var hasAlerts: Bool
    var reports: [ReportLinksView]
    var dashboards: [LinkView]
    var hasDashboards: Bool
    var saved: [LinkView]
    var hasSaved: Bool
    var recommendations: [String]
    var hasRecommendations: Bool
    /// With thresholds configured and none breached: "All 3 alert thresholds are met (last 1d)."
    var alertsOK = ""
    var hasAlertsOK = false
}

struct ReportPageView: Sendable {
    var chrome: PageChrome
    var reportTitle: String
    var rangeLabel: String
    var periodStart: String
    var periodEnd: String
    var ranges: [LinkView]
    var downloads: [LinkView]
    var hasDownloads = true
    var kpis: [KPIView]
    var recommendations: [String]
    var hasRecommendations: Bool
    var charts: [ChartView]
    var tables: [TableView]
    /// Set when the report reads before the raw-event cutoff (its `raw_events_since`).
    var rawNote = ""
    var hasRawNote = false
}

struct HistoryRowView {
    var kind: String
    var started: String
    var duration: String
    var status: String
    var failed: Bool
    var eventsFolded: String
    var outputs: String
    var errors: String
}

struct HistoryPageView {
    var chrome: PageChrome
    var runs: [HistoryRowView]
    var hasRuns: Bool
    /// The delivery ledger: one row per saved report, period and recipient.
    var deliveries: [DeliveryRowView] = []
    var hasDeliveries = false
    /// Webhook POSTs of recent builds.
    var webhooks: [WebhookRowView] = []
    var hasWebhooks = false
    /// "Weekly: skipped 3 missed periods; sent latest" lines of recent delivery runs.
    var catchUps: [String] = []
    var hasCatchUps = false
}

struct DeliveryRowView {
    var report: String
    var period: String
    var recipient: String
    var status: String
    var failed: Bool
    var attempts: String
    var updated: String
    var error: String
}

struct WebhookRowView {
    var event: String
    var url: String
    var attempted: String
    var status: String
    var failed: Bool
    var error: String
}

/// A chart on a page: the SVG with its alt text, links to PNG and PDF, and its numbers.
struct ChartView {
    var name: String
    var title: String
    /// Path prefix to the chart files (`charts/` on a report page).
    var base: String
    var alt: String
    var width: Int
    var height: Int
    /// Four columns or more: the table goes under the chart instead of beside it.
    var wideTable: Bool
    var table: TableView
    /// Focusable regions over the image, one per mark, with its exact figures.
    var marks: [MarkView] = []
    var hasMarks = false  // stored: Mustache reads properties by reflection
}
