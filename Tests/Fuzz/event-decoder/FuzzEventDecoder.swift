import Foundation
@testable import Model

/// libFuzzer target `event-decoder`: one tracked-event document (a `/track` body, an NDJSON
/// line) through ``EventDecoder``, and the same bytes cut at 0x1F into the five cells of a CSV
/// import record and of a row of the original service's database (NaN and Infinity allowed in
/// `event_data`). Either an event or an ``EventValidationError``; an event's `event_data` is
/// stored as received, so it must be a JSON object the scanner and Foundation both read, and
/// the time read alone (``EventDecoder/sortTime(_:receivedAt:)``) must be the event's.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventDecoder(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let receivedAt: Int64 = 1_795_000_000_000  // 2026-11-18
    if let event = try? EventDecoder().decode(bytes, receivedAt: receivedAt) {
        check(event, receivedAt: receivedAt)
        // A large import sorts lines by this time before it decodes them: it must be the event's.
        let sortTime = EventDecoder().sortTime(bytes, receivedAt: receivedAt)
        if sortTime != event.timestamp { fatalError("sort time \(String(describing: sortTime)) for an event at \(event.timestamp)") }
    }
    let cells = bytes.split(separator: 0x1F, maxSplits: 4, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    if cells.count == 5, let event = try? EventDecoder().decode(
        eventType: cells[0], timestamp: cells[1], serviceName: cells[2], userId: cells[3], eventData: cells[4],
        receivedAt: receivedAt)
    {
        check(event, receivedAt: receivedAt)
    }
    // The same cells as a row of the original service's analytics_events (`import OLD.db`):
    // Python's NaN/Infinity become null, and what is stored is strict JSON all the same.
    if cells.count == 5 {
        var nonFinite = 0
        if let event = try? EventDecoder().decodeOriginalRow(
            eventType: cells[0], timestamp: cells[1], serviceName: cells[2], userId: cells[3], eventData: cells[4],
            receivedAt: receivedAt, nonFiniteValues: &nonFinite)
        {
            check(event, receivedAt: receivedAt)
        }
        let once = NonFiniteNumbers.nullified(cells[4])
        if once.replaced == 0 && once.text != cells[4] { fatalError("nothing replaced, yet the text changed") }
        let twice = NonFiniteNumbers.nullified(once.text)
        if twice.replaced != 0 || twice.text != once.text { fatalError("nullifying is not idempotent: \(cells[4])") }
    }
    return 0
}

private func check(_ event: TrackedEvent, receivedAt: Int64) {
    if event.timestamp > receivedAt + 86_400_000 { fatalError("an event more than 24 hours in the future: \(event.timestamp)") }
    if event.eventType.isEmpty { fatalError("an event without a type") }
    let data = Data(event.eventData.utf8)
    guard case .object? = try? JSONTree.scanned(data) else { fatalError("event_data is not a JSON object: \(event.eventData)") }
    if let problem = JSONDifferential.disagreement(data) { fatalError("event_data: \(problem)") }
}
