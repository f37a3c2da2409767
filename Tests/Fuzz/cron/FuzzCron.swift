import Foundation
@testable import Model

/// libFuzzer target `cron`: any text as a saved report's `schedule`. ``CronSchedule/parse(_:)``
/// answers a schedule or an error; a schedule's next firing after a fixed instant, in UTC and in
/// Europe/Berlin (DST), is later than that instant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCron(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let schedule = try? CronSchedule.parse(text) else { return 0 }
    let after: Int64 = 1_774_000_000_000  // 2026-03-20, before the spring change
    for calendar in [ZoneCalendar.utc, CronFuzz.berlin] {
        if let next = schedule.nextFiring(after: after, calendar: calendar), next <= after {
            fatalError("\(text.debugDescription): next firing \(next) not after \(after)")
        }
    }
    return 0
}

enum CronFuzz {
    static let berlin = try! ZoneCalendar(identifier: "Europe/Berlin")
}
