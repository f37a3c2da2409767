import ArgumentParser
import Charts
import Foundation

/// `espice-analytics gallery DIR`: every chart type on demo data in SVG, PNG and PDF on one
/// HTML page, for reviewing the look; `--bench` runs the chart rendering benchmark instead.
struct GalleryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gallery",
        abstract: "Render every chart type on demo data into an HTML page (or benchmark the renderer).",
        discussion: """
            Writes DIR/index.html with each chart as PNG (2×) and SVG, a link to its PDF, a
            360 px phone-width rendering, its alt text and its data table.

            Examples:
              espice-analytics gallery Output/gallery
              espice-analytics gallery /tmp/bench --bench --iterations 200
            """
    )

    @Argument(help: ArgumentHelp("Directory to write the gallery (or benchmark files) into.", valueName: "DIR"))
    var directory: String

    @Flag(help: "Run the benchmark: median of N renders of a 1200×600 line chart per format.")
    var bench = false

    @Option(help: "Renders per format for --bench.")
    var iterations = 200

    @Option(help: "Parallel render threads (default: MAX_WORKERS, else 2).")
    var workers: Int?

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be 1 or more.") }
        if let workers, workers < 1 { throw ValidationError("--workers must be 1 or more.") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        if bench {
            let results = try ChartBenchmark.run(iterations: iterations, directory: url)
            print("chart benchmark: 1200×600 line chart, 3 series × 90 points, \(iterations) renders per format, written to \(directory)")
            for r in results {
                print(String(format: "  %@  median %6.2f ms  p90 %6.2f ms  %8d bytes",
                             r.format.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0), r.medianMilliseconds,
                             r.p90Milliseconds, r.bytes))
            }
            return
        }
        let count = workers ?? ProcessInfo.processInfo.environment["MAX_WORKERS"].flatMap(Int.init) ?? 2
        let started = Date()
        let files = try ChartGallery.write(to: url, workers: max(1, count))
        print("gallery: wrote \(files) files to \(directory) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s; open \(directory)/index.html")
    }
}
