import Foundation
@testable import Model

/// libFuzzer target `read-parameters`: the read API's query parameters and report request
/// fields. The input's lines are `time_range`, `as_of`, `from`, `to` (an empty line or a missing
/// one: absent) and then a `filters` JSON object, as a query string or request body brings them.
/// ``RangeRequest`` must answer a range or an error naming a field; a range's window at its
/// instant must not overflow, and the `filters` body decodes or is refused.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReadParameters(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let parts = bytes.split(separator: 0x0A, maxSplits: 4, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    func part(_ index: Int) -> String? { index < parts.count && !parts[index].isEmpty ? parts[index] : nil }
    do throws(ReportRequestError) {
        let request = try RangeRequest.parse(rangeName: part(0) ?? "7d", asOf: part(1), from: part(2), to: part(3))
        let instant = request.asOf ?? 1_795_000_000_000
        let window = request.range.window(asOf: instant, earliest: 0)
        if window.end < window.start { fatalError("a window that ends before it starts: \(window)") }
        _ = Timestamp.iso8601(window.start)
        _ = Timestamp.iso8601(window.end)
        _ = request.range.isHourly
    } catch {
        if !["time_range", "from", "to", "as_of"].contains(error.field) { fatalError("error names no parameter: \(error)") }
    }
    if let filters = part(4) {
        _ = try? JSONDecoder().decode(ReportFilters.self, from: Data(filters.utf8))
    }
    return 0
}
