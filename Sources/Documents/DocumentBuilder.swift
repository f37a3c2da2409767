internal import Charts
internal import Exports
internal import Foundation
internal import Model
internal import Reports

/// Builds one report's PDF: lays it out once to count pages, then draws it.
struct DocumentBuilder {
    let document: ReportDocument
    let options: PDFOptions
    let calendar: ZoneCalendar
    let reportTitle: String
    let rangeTitle: String

    init(document: ReportDocument, options: PDFOptions) {
        self.document = document
        self.options = options
        calendar = (try? ZoneCalendar(identifier: document.metadata.timeZone)) ?? .utc
        reportTitle = ReportType(rawValue: document.metadata.reportType)?.title ?? DocumentFormat.title(document.metadata.reportType)
        rangeTitle = DocumentFormat.rangeName(document.metadata.timeRange)
    }

    func build() throws -> Data {
        let size = options.paper.size
        let asOf = Timestamp.parse(document.metadata.asOf).map { Date(timeIntervalSince1970: Double($0) / 1000) } ?? Date(timeIntervalSince1970: 0)
        let metadata = PDFMetadata(
            title: "\(reportTitle) — \(rangeTitle)", creator: options.siteTitle, creationDate: asOf,
            subject: "\(document.metadata.reportType) report, \(periodText()) (\(calendar.identifier))")
        let canvas = try Canvas(pdfPageWidth: size.width, pageHeight: size.height, metadata: metadata)
        if let logo = options.logoPath, !FileManager.default.isReadableFile(atPath: logo) {
            throw DocumentsError("logo \(logo): no readable PNG file there")
        }
        let hourly = (try? TimeRange.parse(document.metadata.timeRange))?.isHourly
            ?? ((Timestamp.parse(document.metadata.period.end) ?? 0) - (Timestamp.parse(document.metadata.period.start) ?? 0) <= 86_400_000)
        let charts = options.charts ? ReportCharts.charts(for: document, calendar: calendar, hourly: hourly) : []
        let inProgress = document.inProgressBucket
        var tables = document.tables.map { $0.markingInProgress(inProgress) }
        var omitted = [Int](repeating: 0, count: tables.count)
        if let limit = options.maxTableRows {
            for i in tables.indices where tables[i].rows.count > max(0, limit) {
                omitted[i] = tables[i].rows.count - max(0, limit)
                tables[i].rows.removeLast(omitted[i])
            }
        }
        let left = 44.0, width = size.width - 88
        var layouts: [TableLayout] = []
        for table in tables { layouts.append(try TableLayout(table, x: left, width: width, canvas: canvas)) }
        let content = Content(summary: ExecutiveSummary(document.data, thresholds: options.thresholds), charts: charts,
                              tables: tables, layouts: layouts, omittedRows: omitted)

        let measuring = composer(canvas, drawing: false, total: 0)
        try compose(content, into: measuring, contents: nil)
        let drawing = composer(canvas, drawing: true, total: measuring.page)
        try compose(content, into: drawing, contents: measuring.sections)
        return PDFLanguage.tag(try canvas.finishData(), language: "en")
    }

    struct Content {
        var summary: ExecutiveSummary
        var charts: [ChartDescription]
        var tables: [ReportTable]
        var layouts: [TableLayout]
        /// Rows left out of each table by ``PDFOptions/maxTableRows``.
        var omittedRows: [Int]
    }

    private func composer(_ canvas: Canvas, drawing: Bool, total: Int) -> Composer {
        Composer(
            canvas: canvas, drawing: drawing, totalPages: total, headerLeft: "\(options.siteTitle) · \(reportTitle) report",
            headerRight: "\(rangeTitle) · \(periodText())",
            footerLeft: "\(reportTitle) · \(rangeTitle) · as of \(DocumentFormat.local(document.metadata.asOf, calendar: calendar)) \(calendar.identifier)")
    }

    private func compose(_ content: Content, into c: Composer, contents: [(title: String, level: Int, page: Int)]?) throws(ChartsError) {
        try cover(c, contents: contents, content: content)
        try summary(c, content.summary)
        if !content.charts.isEmpty { try chartsSection(c, content.charts) }
        try tablesSection(c, content)
    }

    /// `2026-11-21 – 2026-11-28` style period in the report's zone (end exclusive).
    func periodText() -> String {
        let start = DocumentFormat.local(document.metadata.period.start, calendar: calendar)
        let end = DocumentFormat.local(document.metadata.period.end, calendar: calendar)
        return "\(start) – \(end)"
    }
}
