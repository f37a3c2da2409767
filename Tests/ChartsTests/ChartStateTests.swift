import Charts
import Foundation
import Model
import Testing

@Suite("Empty and single-point charts")
struct ChartStateTests {
    func pdfText(_ chart: ChartDescription) throws -> String {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("c.pdf")
        try ChartRenderer().write(chart, as: .pdf, to: url)
        return try run("pdftotext", [url.path, "-"]).output
    }

    static let empties: [ChartContent] = [
        .line(LineChart(bucket: .day, series: [])),
        .line(LineChart(bucket: .day, series: [LineSeries(name: "a", points: [])])),
        .bar(BarChart(categories: [], series: [])),
        .bar(BarChart(categories: ["a"], series: [BarSeries(name: "s", values: [0])])),
        .pie(PieChart(slices: [])),
        .scatter(ScatterChart(series: [], xAxis: ValueAxis(), yAxis: ValueAxis())),
        .gauge(GaugeChart(gauges: [])),
        .heatmap(.weekdayHour([])),
    ]

    @Test("an empty chart of any type says so", arguments: empties.indices)
    func noData(index: Int) throws {
        let chart = ChartDescription(name: "e", title: "Empty chart", width: 400, height: 240, content: Self.empties[index])
        #expect(chart.content.isEmpty)
        let text = try pdfText(chart)
        #expect(text.contains("No data for this period"))
        #expect(chart.altText.contains("no data"))
    }

    @Test("a single point is drawn as a labelled dot with a note", arguments: [TimeBucket.day, .hour])
    func singlePoint(bucket: TimeBucket) throws {
        let chart = ChartDescription(name: "s", title: "One point", width: 400, height: 240, content: .line(LineChart(
            bucket: bucket, series: [LineSeries(name: "a", points: [DatedValue(date: Samples.start, value: 1234)])])))
        let text = try pdfText(chart)
        #expect(text.contains("Only one data point"))
        #expect(text.contains("1,234"))
    }

    @Test("a gauge without a value shows a dash")
    func gaugeWithoutValue() throws {
        let chart = ChartDescription(name: "g", title: "Rate", width: 300, height: 200, content: .gauge(GaugeChart(gauges: [
            Gauge(label: "Success rate", value: nil, maximum: 100, unit: .percent, higherIsBetter: true)])))
        #expect(try pdfText(chart).contains("—"))
    }

    @Test("a multi-page PDF canvas takes charts as vectors and text")
    func canvas() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("doc.pdf")
        let canvas = try Canvas(pdfAt: url, pageWidth: 595.28, pageHeight: 841.89, metadata: PDFMetadata(title: "Report"))
        try canvas.drawText("Cover 山田太郎", in: ChartRect(x: 40, y: 40, width: 500, height: 30), size: 20, bold: true)
        try canvas.newPage()
        try ChartRenderer().draw(Samples.chart("bar").chart, into: canvas, frame: ChartRect(x: 40, y: 60, width: 500, height: 260))
        try canvas.finish()
        #expect(throws: ChartsError.canvasFinished) { try canvas.newPage() }
        #expect(try run("pdfinfo", [url.path]).output.contains(#/Pages:\s+2\n/#))
        let text = try run("pdftotext", [url.path, "-"]).output
        #expect(text.contains("Cover 山田太郎"))
        #expect(text.contains("Top users"))
    }
}
