internal import Charts
internal import Documents
internal import Foundation
internal import Model
internal import Reports

/// A chart to draw into a report directory.
struct ChartJob: Sendable {
    var chart: ChartDescription
    var directory: String
}

extension BuildContext {
    /// Every report's charts in SVG, PNG and PDF, drawn in parallel across `cpuWorkers`.
    mutating func renderCharts() throws {
        let calendar = try ZoneCalendar(identifier: options.timeZone)
        var jobs: [ChartJob] = []
        for (key, document) in documents {
            let hourly = (try? TimeRange.parse(key.range))?.isHourly ?? false
            for chart in ReportCharts.charts(for: document, calendar: calendar, hourly: hourly, thresholds: options.gaugeThresholds) {
                jobs.append(ChartJob(chart: chart, directory: key.directory + "charts/"))
                charts[key, default: []].append(chart)
            }
        }
        jobs.sort { ($0.directory, $0.chart.name) < ($1.directory, $1.chart.name) }
        for job in jobs {
            try FileManager.default.createDirectory(
                at: staging.appendingPathComponent(job.directory), withIntermediateDirectories: true)
        }
        // One palette for the whole build: a series name has the same colour in every chart.
        let renderer = ChartRenderer(palette: SeriesPalette(collecting: jobs.map(\.chart)))
        let staging = self.staging
        let work = jobs
        let errors = ErrorBox()
        ParallelWork.run(work.count, workers: options.cpuWorkers) { index in
            do {
                try renderer.writeAll(work[index].chart, to: staging.appendingPathComponent(work[index].directory))
            } catch {
                errors.record("\(work[index].directory)\(work[index].chart.name): \(error)")
            }
        }
        if let first = errors.first {
            throw SiteError(step: "charts", path: staging.path, message: first)
        }
        for job in jobs {
            for format in ChartFormat.allCases { files.append(job.directory + job.chart.name + "." + format.fileExtension) }
        }
    }
}

/// Collects errors from worker threads.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func record(_ message: String) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    var first: String? {
        lock.lock()
        defer { lock.unlock() }
        return messages.sorted().first
    }
}
