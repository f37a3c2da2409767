import Charts
import Foundation
import Model
import Testing

/// A fresh temporary directory per test, removed by the caller's `defer`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("charts-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs an installed tool; returns its exit status and standard output.
func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Width and height from a PNG's IHDR chunk.
func readPNGSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
          String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR" else { return nil }
    let be = { (o: Int) in bytes[o..<(o + 4)].reduce(0) { $0 << 8 | Int($1) } }
    return (be(16), be(20))
}

/// One chart per type, on fixed data, each with a label to look for in the PDF text
/// (the bar chart's is CJK).
enum Samples {
    static let kinds = ["line", "bar", "pie", "scatter", "gauge", "heatmap", "sparkline"]
    static let start = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23T00:00:00Z

    static func chart(_ kind: String) -> (chart: ChartDescription, labels: [String]) {
        switch kind {
        case "line":
            let points = (0..<7).map { DatedValue(date: start.addingTimeInterval(Double($0) * 86400), value: Double(100 + 17 * $0)) }
            let errors = (0..<7).map { DatedValue(date: start.addingTimeInterval(Double($0) * 86400), value: Double(3 * ($0 % 3))) }
            return (ChartDescription(name: "line", title: "Processing timeline", width: 640, height: 320, content: .line(LineChart(
                bucket: .day, start: start, end: start.addingTimeInterval(7 * 86400),
                series: [LineSeries(name: "document_processed", points: points), LineSeries(name: "processing_error", points: errors)]))),
                    ["document_processed", "Nov 23"])
        case "bar":
            return (ChartDescription(name: "bar", title: "Top users", width: 640, height: 320, content: .bar(BarChart(
                categories: ["山田太郎", "José Álvarez", "Zoë"], series: [BarSeries(name: "events", values: [1234, 560, 78])]))),
                    ["山田太郎", "José Álvarez"])
        case "pie":
            return (ChartDescription(name: "pie", title: "Device types", width: 640, height: 320, content: .pie(PieChart(
                slices: [PieSlice(label: "GaN-HEMT", value: 60), PieSlice(label: "SiC-MOSFET", value: 39),
                         PieSlice(label: "tiny-a", value: 0.5), PieSlice(label: "tiny-b", value: 0.5)]))),
                    ["GaN-HEMT", "Other", "60.0 %"])
        case "scatter":
            let pts = (1...40).map { ScatterPoint(x: Double($0) * 0.7, y: 300 + Double($0 * $0)) }
            return (ChartDescription(name: "scatter", title: "Time by size", width: 640, height: 320, content: .scatter(ScatterChart(
                series: [ScatterSeries(name: "documents", points: pts)],
                xAxis: ValueAxis(title: "File size", unit: .megabytes, logarithmic: true),
                yAxis: ValueAxis(title: "Processing time", unit: .milliseconds)))), ["File size", "Processing time"])
        case "gauge":
            return (ChartPresets.performanceMetrics(PerformanceFigures(successRate: 97.25, p95ProcessingTime: 1800,
                                                                       averageProcessingTime: 900, errorRate: nil)),
                    ["Success rate", "97.25 %", "Error rate"])
        case "heatmap":
            let matrix = (0..<7).map { d in (0..<24).map { h in (h >= 9 && h <= 17 ? 50 : 2) + d } }
            return (ChartPresets.peakUsage(matrix), ["Mon", "Sun"])
        default:
            return (ChartPresets.sparkline(name: "sparkline", title: "Processed", values: [3, 5, 4, 8, 6, 9]), [])
        }
    }
}
