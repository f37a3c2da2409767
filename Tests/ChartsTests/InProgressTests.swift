import Charts
import Foundation
import Model
import Testing

/// The bucket still in progress at as-of: drawn apart and labelled "so far", marked in the table.
@Suite("Buckets in progress")
struct InProgressTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// Seven days to as-of 2026-11-28T14:30Z: the last day, Nov 28, has 14.5 of its 24 hours.
    static func timeline(end: String = "2026-11-28T14:30:00Z", inProgress: Bool = true) -> LineChart {
        let points = (0..<8).map { DatedValue(date: utc("2026-11-21T00:00:00Z").addingTimeInterval(Double($0) * 86400), value: Double(100 + $0)) }
        return LineChart(bucket: .day, start: utc("2026-11-21T14:30:00Z"), end: utc(end),
                         series: [LineSeries(name: "document_processed", points: points)], inProgress: inProgress)
    }

    func pdfText(_ chart: ChartDescription) throws -> String {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.pdf")
        try ChartRenderer().write(chart, as: .pdf, to: url)
        return try run("pdftotext", [url.path, "-"]).output
    }

    @Test("the day as-of falls in is the bucket in progress; a period ending at midnight has none")
    func bucket() {
        #expect(Self.timeline().inProgressBucket == Self.utc("2026-11-28T00:00:00Z"))
        #expect(Self.timeline(end: "2026-11-29T00:00:00Z").inProgressBucket == nil)
        #expect(Self.timeline(inProgress: false).inProgressBucket == nil)
        var hourly = Self.timeline()
        hourly.bucket = .hour
        #expect(hourly.inProgressBucket == Self.utc("2026-11-28T14:00:00Z"))
    }

    @Test("the line chart's table marks that row \"(so far)\" and no other")
    func table() {
        let rows = ChartDescription(name: "t", title: "T", content: .line(Self.timeline())).dataTable.rows
        #expect(rows.count == 8)  // Nov 21 … Nov 28
        #expect(rows.last?.first == "2026-11-28 (so far)")
        #expect(rows.dropLast().allSatisfy { !$0[0].contains("so far") })
        let finished = ChartDescription(name: "t", title: "T", content: .line(Self.timeline(inProgress: false))).dataTable.rows
        #expect(finished.last?.first == "2026-11-28")
    }

    @Test("line and bar charts label the bucket \"so far\" in their drawing, and only when there is one")
    func drawn() throws {
        let line = ChartDescription(name: "l", title: "Processing timeline", width: 640, height: 320, content: .line(Self.timeline()))
        #expect(try pdfText(line).contains("so far"))
        let done = ChartDescription(name: "l", title: "Processing timeline", width: 640, height: 320,
                                    content: .line(Self.timeline(end: "2026-11-29T00:00:00Z")))
        #expect(try !pdfText(done).contains("so far"))

        let bars = BarChart(categories: ["Nov 26", "Nov 27", "Nov 28"], series: [BarSeries(name: "users", values: [40, 42, 17])],
                            orientation: .vertical, inProgressCategory: 2)
        let bar = ChartDescription(name: "b", title: "Active users", width: 640, height: 320, content: .bar(bars))
        #expect(try pdfText(bar).contains("so far"))
        #expect(bar.dataTable.rows.map(\.first) == ["Nov 26", "Nov 27", "Nov 28 (so far)"])
    }

    @Test("the in-progress segment changes the picture: the PNGs with and without differ")
    func pixels() throws {
        let renderer = ChartRenderer()
        let marked = try renderer.render(ChartDescription(name: "l", title: "T", width: 640, height: 320, content: .line(Self.timeline())), as: .png)
        let plain = try renderer.render(ChartDescription(name: "l", title: "T", width: 640, height: 320,
                                                         content: .line(Self.timeline(inProgress: false))), as: .png)
        #expect(marked != plain)
    }
}
