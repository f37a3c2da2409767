import Foundation
@testable import Model

/// libFuzzer target `saved-report`: a `POST /api/analytics/reports/save` body (or a file for
/// `espice-analytics reports save`): decoded as ``SavedReportConfig`` and validated. A valid
/// report's recipients cannot break a mail header (no CR, LF or other control characters) and
/// its slug is a safe file name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSavedReport(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = Data(UnsafeBufferPointer(start: start, count: count))
    guard let report = try? JSONDecoder().decode(SavedReportConfig.self, from: data) else { return 0 }
    _ = report.formats
    SlugCheck.check(report.slug, of: report.name)
    do throws(ReportRequestError) {
        try report.validate()
    } catch {
        if error.field.isEmpty { fatalError("an error naming no field: \(error)") }
        return 0
    }
    for recipient in report.recipients ?? [] where recipient.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
        fatalError("a valid recipient with a control character: \(recipient.debugDescription)")
    }
    if let schedule = try? report.cronSchedule() {
        _ = schedule.nextFiring(after: 1_795_000_000_000, calendar: .utc)
    }
    return 0
}
