import Foundation
import Model
import Reports
import Store

/// The takeover half of `import`: FILEs that are the original service's SQLite database.
extension ImportCommand {
    /// Takes over one original database into `store` and prints what happened; false when
    /// anything was listed as not taken over (the exit status is 2 then, as for bad lines).
    func takeOver(_ path: String, into store: AnalyticsStore) throws -> Bool {
        var options = TakeoverOptions(strict: strict)
        options.validateDashboard = { try MetricCatalog.validate($0) }
        let showProgress = isatty(2) == 1
        let started = Date()
        let summary = try OriginalImporter(options: options).run(path, into: store) { progress in
            guard showProgress, progress.total > 0 else { return }
            let percent = progress.done * 100 / progress.total
            let text = "\r\u{1B}[K\(progress.path): \(Formatting.grouped(progress.done)) of "
                + "\(Formatting.grouped(progress.total)) original events (\(percent) %)"
            FileHandle.standardError.write(Data(text.utf8))
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for line in Self.describe(summary, into: store.path, seconds: Date().timeIntervalSince(started)) { print(line) }
        for rejection in summary.rejections + summary.savedReports.rejected + summary.dashboards.rejected {
            printError(rejection.description)
        }
        if summary.rejected > summary.rejections.count {
            printError("… and \(Formatting.count(summary.rejected - summary.rejections.count, "more rejected row"))")
        }
        return summary.isClean
    }

    /// The summary lines (standard output).
    static func describe(_ summary: TakeoverSummary, into target: String, seconds: Double) -> [String] {
        var lines: [String] = []
        let pass = summary.isFirstImport
            ? "first import"
            : "again: only events after original id \(Formatting.grouped(Int(summary.previousLastEventId)))"
        lines.append("\(summary.path): the original analytics service's database, read-only (\(pass))")
        lines.append(
            "imported \(Formatting.count(summary.imported, "event")), rejected \(Formatting.count(summary.rejected, "row"))"
                + " into \(target) in \(Formatting.seconds(seconds)); original events up to id "
                + Formatting.grouped(Int(summary.lastEventId)) + " are taken over")
        if summary.nonFiniteValues > 0 {
            lines.append("  \(Formatting.count(summary.nonFiniteValues, "NaN/Infinity value")) in event_data stored as null (not numbers)")
        }
        for (noun, outcome) in [("saved reports", summary.savedReports), ("dashboards", summary.dashboards)] {
            lines.append(
                "\(noun): \(outcome.added) added, \(outcome.updated) updated, \(outcome.unchanged) unchanged"
                    + (outcome.rejected.isEmpty ? "" : ", \(outcome.rejected.count) rejected"))
            for renaming in outcome.renamed {
                lines.append(
                    "  \"\(renaming.originalName)\" (original id \(renaming.originalId)) stored as \"\(renaming.storedName)\":"
                        + " the name was taken (the original allowed duplicate names)")
            }
        }
        if summary.metricsRows > 0 {
            lines.append("metrics: \(Formatting.count(summary.metricsRows, "row")) not imported (figures the original cached; the reports compute them)")
        }
        return lines
    }
}
