import Charts
import Foundation
import Model
import Testing

/// Golden PNGs per chart type, compared with a small tolerance (anti-aliasing may differ by a
/// few levels between library builds). Regenerate after an intended change with
/// `UPDATE_GOLDENS=1 swift test --scratch-path .build-charts --filter ChartsTests.GoldenTests`
/// (see docs/charts.md), then look at the new files before committing them.
@Suite("Golden images")
struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static let update = ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1"

    static let cases: [String] = Samples.kinds + ["no_data", "single_point", "gallery_error_analysis", "gallery_device_distribution"]

    static func chart(_ name: String) -> ChartDescription {
        switch name {
        case "no_data":
            return ChartDescription(name: name, title: "Processing timeline", subtitle: "No events", width: 480, height: 240,
                                    content: .line(LineChart(bucket: .day, series: [LineSeries(name: "document_processed", points: [])])))
        case "single_point":
            return ChartDescription(name: name, title: "Errors today", width: 480, height: 240, content: .line(LineChart(
                bucket: .hour, series: [LineSeries(name: "processing_error", points: [DatedValue(date: Samples.start, value: 17)])])))
        case "gallery_error_analysis", "gallery_device_distribution":
            let slug = String(name.dropFirst("gallery_".count))
            return ChartGallery.charts().first { $0.name == slug }!
        default:
            return Samples.chart(name).chart
        }
    }

    @Test("each chart type matches its golden PNG", arguments: cases)
    func matchesGolden(name: String) throws {
        let png = try ChartRenderer().render(Self.chart(name), as: .png)
        let url = Self.directory.appendingPathComponent("\(name).png")
        if Self.update || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try png.write(to: url)
            #expect(Self.update, "golden \(name).png was missing and has been written; review and commit it")
            return
        }
        let golden = try RasterImage(png: try Data(contentsOf: url))
        let actual = try RasterImage(png: png)
        let fraction = actual.differingFraction(from: golden)
        #expect(fraction <= 0.002, "\(name): \(String(format: "%.3f", fraction * 100)) % of pixels differ from the golden")
    }
}
