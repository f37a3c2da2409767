import Testing
@testable import Site

/// The order the exports step writes files in: longest first, so that no long file is left to
/// one worker at the end while the others are idle.
@Suite("Download task order")
struct DownloadTaskTests {
    @Test("every file of every report is written once", arguments: [[], [0], [0, 0, 0], [5, 900_000, 0, 120, 900_000]])
    func everyFileOnce(weights: [Int]) {
        let tasks = DownloadTask.ordered(weights: weights)
        let expected = Set(weights.indices.flatMap { job in DownloadJob.extensions.indices.map { "\(job)/\($0)" } })
        #expect(tasks.count == weights.count * DownloadJob.extensions.count)
        #expect(Set(tasks.map { "\($0.job)/\($0.format)" }) == expected)
    }

    @Test("the reports with the longest per-user lists come first, ties in the order given")
    func longestReportsFirst() {
        // Reports 1 and 4 (a 90-day user_activity and its twin) weigh most, then 3, then 0, then
        // the two without per-user lists in the order given.
        let jobs = DownloadTask.ordered(weights: [5, 900_000, 0, 120, 900_000, 0]).map(\.job)
        let firstOfEach = jobs.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        #expect(firstOfEach == [1, 4, 3, 0, 2, 5])
        // A report's four files stay together: no file of a lighter report comes between them.
        for job in 0..<6 {
            let positions = jobs.indices.filter { jobs[$0] == job }
            #expect(positions.count == 4 && positions.last! - positions.first! == 3, "report \(job)")
        }
    }

    @Test("within a report the workbook comes first and the PDF last")
    func formatsBySlowness() {
        let formats = DownloadTask.ordered(weights: [7]).map { DownloadJob.extensions[$0.format] }
        #expect(formats == ["xlsx", "json", "csv", "pdf"])
    }
}
