public import Foundation
public import Model

/// The benchmark: a 1200×600 line chart, 3 series × 90 daily points, rendered and
/// written to a file `iterations` times per format; the median and 90th percentile per format.
public enum ChartBenchmark {
    /// Timings of one format.
    public struct Result: Sendable {
        public var format: ChartFormat
        public var medianMilliseconds: Double
        public var p90Milliseconds: Double
        public var bytes: Int
    }

    /// The benchmark chart.
    public static func chart() -> ChartDescription {
        var demo = DemoData(seed: 1)
        let end = DemoData.asOf
        var chart = ChartPresets.processingTimeline(demo.timeline(days: 90, end: end), bucket: .day,
                                                    start: end.addingTimeInterval(-90 * 86400), end: end,
                                                    subtitle: "Benchmark: 3 series × 90 daily points")
        chart.width = 1200
        chart.height = 600
        return chart
    }

    /// Runs the benchmark, writing into `directory`.
    public static func run(iterations: Int = 200, directory: URL, renderer: ChartRenderer = ChartRenderer()) throws -> [Result] {
        let chart = chart()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try ChartFormat.allCases.map { format in
            let url = directory.appendingPathComponent("bench.\(format.fileExtension)")
            try renderer.write(chart, as: format, to: url)  // warm-up: fonts, caches
            var times: [Double] = []
            for _ in 0..<max(1, iterations) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                try renderer.write(chart, as: format, to: url)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            times.sort()
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            return Result(format: format, medianMilliseconds: times[times.count / 2],
                          p90Milliseconds: times[min(times.count - 1, times.count * 9 / 10)], bytes: size)
        }
    }
}
