import Foundation
import Testing
@testable import Model

/// Inputs that once crashed a parser or let through what it should refuse, found by the fuzz
/// targets of Tests/Fuzz (scripts/fuzz.sh) or while writing them; each stays here as a test.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    @Test("a cron step as large as Int.max selects only the first value instead of overflowing")
    func hugeCronStep() throws {
        // Minute 1, then 1 + Int.max would overflow: the step leaves the range at once.
        let schedule = try CronSchedule.parse("1/9223372036854775807 * * * *")
        // 2026-11-28 is day 20_785 (Instants in TestSupport); its first firing is at 00:01 UTC.
        let firings = schedule.firings(onLocalDay: 20_785, calendar: .utc)
        #expect(firings.count == 24)
        let firstFiring: Int64 = 20_785 * 86_400_000 + 60_000
        #expect(firings.first == firstFiring)
        let daily = try CronSchedule.parse("0 0 1/9223372036854775807 * *")
        #expect(daily.firings(onLocalDay: 20_785, calendar: .utc).isEmpty)  // the 28th, not the 1st
    }

    @Test("an unpaired surrogate escape is malformed JSON wherever it stands", arguments: [
        #"{"event_type": "x", "event_data": {"a": "\ud800"}}"#,
        #"{"event_type": "x", "event_data": {"a": "\udc00\ud800"}}"#,
        #"{"event_type": "x", "event_data": {"a": ["\ud83dx"]}}"#,
        #"{"event_type": "x", "other": "\ud83d\u0041"}"#,
    ])
    func unpairedSurrogate(document: String) {
        // Foundation refuses these documents, so event_data kept as received must not hold one.
        #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: Data(document.utf8)) }
        do {
            _ = try EventDecoder().decode(document, receivedAt: Instants.example)
            Issue.record("accepted \(document)")
        } catch {
            #expect(error.isMalformed)
        }
    }

    @Test("a paired surrogate escape is still read")
    func pairedSurrogate() throws {
        let event = try EventDecoder().decode(#"{"event_type": "x", "event_data": {"a": "\ud83d\ude00"}}"#, receivedAt: Instants.example)
        #expect(event.eventData == #"{"a": "\ud83d\ude00"}"#)
    }
}
