internal import Reports

/// One file of one report's downloads, as the exports step hands it to a worker.
struct DownloadTask: Equatable {
    /// The report's position in the step's list of jobs.
    var job: Int
    /// The file's position in ``DownloadJob/extensions``.
    var format: Int

    /// The formats from the slowest to write to the fastest, for a report with long tables:
    /// the workbook (XML written, then zipped), the JSON and the CSV (each then gzipped), then
    /// the PDF, whose tables stop at 5,000 rows.
    static let formatsByCost = ["xlsx", "json", "csv", "pdf"].map { DownloadJob.extensions.firstIndex(of: $0)! }

    /// Every file of `jobs`, longest first (the order workers take them in, so that short files
    /// fill in behind the long ones): by the rows of the report's per-user lists, then by
    /// format, then in the jobs' order.
    static func ordered(_ jobs: [DownloadJob]) -> [DownloadTask] {
        ordered(weights: jobs.map(\.rowWeight))
    }

    /// The files of jobs weighing `weights` (``DownloadJob/rowWeight``), longest first.
    static func ordered(weights: [Int]) -> [DownloadTask] {
        let tasks = weights.indices.flatMap { job in formatsByCost.map { DownloadTask(job: job, format: $0) } }
        return tasks.enumerated().sorted { lhs, rhs in
            let (left, right) = (weights[lhs.element.job], weights[rhs.element.job])
            return left != right ? left > right : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

extension DownloadJob {
    /// The rows of the report's per-user lists (user_activity's user days and users), which
    /// make its downloads long; 0 for the other reports, whose tables are short.
    var rowWeight: Int {
        guard case .userActivity(let report) = document.data else { return 0 }
        return report.userActivity.count + report.users.count
    }
}
