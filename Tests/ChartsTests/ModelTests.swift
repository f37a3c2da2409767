import Charts
import Foundation
import Model
import Testing

@Suite("Chart descriptions, numbers and colours")
struct ChartModelTests {
    @Test("ticks step by 1, 2 or 5 times a power of ten", arguments: [(0.0, 7.0), (0, 388), (0, 1_234_567), (0.2, 0.9), (-40, 75), (5, 5)])
    func niceTicks(range: (Double, Double)) {
        let scale = NiceScale(minimum: range.0, maximum: range.1, maxTicks: 6)
        let mantissa = scale.step / pow(10, log10(scale.step).rounded(.down))
        #expect([1.0, 2, 5].contains { abs($0 - mantissa) < 1e-9 })
        #expect(scale.lower <= min(range.0, 0) && scale.upper >= range.1)
        #expect(scale.ticks.count <= 7)
    }

    @Test("numbers get thousands separators and units")
    func formatting() {
        #expect(ValueFormat.figure(12345, unit: .count) == "12,345")
        #expect(ValueFormat.figure(1500, unit: .milliseconds) == "1,500 ms")
        #expect(ValueFormat.figure(98.5, unit: .percent) == "98.5 %")
        #expect(ValueFormat.figure(2.5, unit: .megabytes) == "2.5 MB")
        #expect(ValueFormat.tick(2_000_000, step: 500_000, unit: .count) == "2.0M")
        #expect(ValueFormat.tick(0.25, step: 0.05, unit: .plain) == "0.25")
        #expect(ValueFormat.compact(12_345, unit: .count) == "12.3k")
        #expect(ValueFormat.figure(-3, unit: .count) == "−3")
    }

    @Test("slices under 2 % are grouped into Other")
    func otherSlice() {
        let pie = PieChart(slices: [PieSlice(label: "a", value: 90), PieSlice(label: "b", value: 8.5),
                                    PieSlice(label: "c", value: 1), PieSlice(label: "d", value: 0.5), PieSlice(label: "z", value: 0)])
        #expect(pie.drawnSlices.map(\.label) == ["a", "b", "Other"])
        #expect(pie.drawnSlices.last?.value == 1.5)
    }

    @Test("a series name keeps its colour whatever else is registered")
    func palette() {
        let a = SeriesPalette(names: ["pdf-service", "web-ui", "ml-service"])
        let b = SeriesPalette(names: ["ml-service", "web-ui", "pdf-service", "pdf-service"])
        #expect(a == b)
        #expect(a.index(for: "processing_error") == SeriesPalette.wellKnown["processing_error"])
        #expect(Set(["pdf-service", "web-ui", "ml-service"].map(a.index(for:))).count == 3)
        #expect(SeriesPalette.standard.index(for: "x") == SeriesPalette().index(for: "x"))
    }

    @Test("descriptions survive a JSON round trip", arguments: Samples.kinds)
    func codable(kind: String) throws {
        let chart = Samples.chart(kind).chart
        let data = try JSONEncoder().encode(chart)
        #expect(try JSONDecoder().decode(ChartDescription.self, from: data) == chart)
    }

    @Test("alt text and data table carry the numbers")
    func accessibility() {
        let chart = Samples.chart("line").chart
        #expect(chart.altText.contains("Processing timeline"))
        #expect(chart.altText.contains("document_processed"))
        let table = chart.dataTable
        #expect(table.columns == ["Date", "document_processed", "processing_error"])
        #expect(table.rows.count == 7)
        #expect(table.rows[0] == ["2026-11-23", "100", "0"])
        let gauges = Samples.chart("gauge").chart.dataTable
        #expect(gauges.rows[0][1] == "97.25 %")
        #expect(gauges.rows[3][1] == "—")
    }

    @Test("missing buckets count as zero for counts, as gaps otherwise")
    func missingBuckets() {
        let start = Samples.start
        let series = LineSeries(name: "a", points: [DatedValue(date: start, value: 1), DatedValue(date: start.addingTimeInterval(2 * 86400), value: 3)])
        var chart = LineChart(bucket: .day, start: start, end: start.addingTimeInterval(3 * 86400), series: [series])
        #expect(chart.values(of: series, on: chart.buckets) == [1, 0, 3])
        chart.missingAsZero = false
        #expect(chart.values(of: series, on: chart.buckets) == [1, nil, 3])
    }

    @Test("the named presets build the original's four visualisations")
    func presets() {
        let t = Samples.start
        let timeline = ChartPresets.processingTimeline(
            [TimelineCount(date: t, eventType: "document_processed", count: 5), TimelineCount(date: t, eventType: "processing_error", count: 1)],
            bucket: .day)
        #expect(timeline.name == "processing_timeline")
        let errors = ChartPresets.errorAnalysis([ErrorPatternCount(errorType: "timeout", service: "pdf-service", count: 4),
                                                 ErrorPatternCount(errorType: nil, service: nil, count: 1)])
        guard case .bar(let bar) = errors.content else { Issue.record("error_analysis is not a bar chart"); return }
        #expect(bar.categories == ["timeout", "unknown"])
        #expect(bar.series.map(\.name) == ["pdf-service", "unknown service"])
        #expect(ChartPresets.deviceDistribution([("GaN", 3)]).name == "device_distribution")
        let perf = ChartPresets.performanceMetrics(PerformanceFigures(successRate: 80, p95ProcessingTime: 100, averageProcessingTime: 50, errorRate: 1))
        guard case .gauge(let g) = perf.content else { Issue.record("performance_metrics is not gauges"); return }
        #expect(g.gauges[0].status == .critical)
        #expect(g.gauges[1].status == .ok)
    }
}
