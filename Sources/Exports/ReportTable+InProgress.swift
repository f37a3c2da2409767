internal import Model

extension ReportTable {
    /// The table as pages and PDFs show it: the `date` cells of the bucket still in progress at
    /// as-of (``Reports/ReportDocument/inProgressBucket``) read `2026-11-28 (so far)`. The
    /// downloads keep the plain key.
    public func markingInProgress(_ bucket: String?) -> ReportTable {
        guard let bucket, let column = columns.firstIndex(of: "date") else { return self }
        let (original, label) = (rows, bucket + " " + ChartDescription.soFar)
        var marked = self
        marked.rows = ReportRows(count: original.count) { index in
            var row = original[index]
            if column < row.count, row[column] == .text(bucket) { row[column] = .text(label) }
            return row
        }
        return marked
    }
}
