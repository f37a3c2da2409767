public import Foundation
import Model

/// Title, creator and creation date written into PDF output. The date is fixed (by default the
/// Unix epoch) so that the same chart gives the same bytes; documents pass their as-of time.
public struct PDFMetadata: Sendable, Equatable {
    public var title: String
    public var creator: String
    public var creationDate: Date
    /// The document's subject (written only when not empty).
    public var subject: String = ""

    public init(title: String, creator: String = "ESpice Analytics", creationDate: Date = Date(timeIntervalSince1970: 0),
                subject: String = "") {
        self.title = title
        self.creator = creator
        self.creationDate = creationDate
        self.subject = subject
    }

    /// ISO-8601 in UTC, as cairo expects it.
    var pdfDate: String {
        let seconds = Int(creationDate.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        let date = CivilDate(daysSinceEpoch: days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day, rest / 3600, rest / 60 % 60, rest % 60)
    }
}
