import Foundation
import Model

/// Which buckets of a date axis get a label: a step of whole buckets aligned to the calendar
/// (every 3/6/12 hours from midnight, Mondays for weekly steps, …) wide enough for the labels.
struct DateAxis {
    let chart: LineChart
    let buckets: [Date]

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The label of a bucket: `Nov 28` for days and midnights, `09:00` for other hours.
    func label(_ index: Int) -> String {
        let p = chart.calendar.dateComponents([.month, .day, .hour], from: buckets[index])
        let day = "\(Self.monthNames[max(0, (p.month ?? 1) - 1)]) \(p.day ?? 1)"
        guard chart.bucket == .hour else { return day }
        let hour = p.hour ?? 0
        return hour == 0 ? day : String(format: "%02d:00", hour)
    }

    /// The bucket indices to label when buckets are `spacing` apart and a label is at most
    /// `labelWidth` wide.
    func tickIndices(spacing: Double, labelWidth: Double) -> [Int] {
        let n = buckets.count
        guard n > 0 else { return [] }
        let candidates = chart.bucket == .hour ? [1, 2, 3, 6, 12, 24, 48, 72, 168, 336] : [1, 2, 7, 14, 28, 56, 91, 182, 364]
        let needed = (labelWidth + 12) / max(spacing, 0.0001)
        let step = candidates.first { Double($0) >= needed } ?? Int(needed.rounded(.up))
        let calendar = chart.calendar
        return (0..<n).filter { i in
            let p = calendar.dateComponents([.hour, .weekday, .day], from: buckets[i])
            switch chart.bucket {
            case .hour:
                let hour = p.hour ?? 0
                if step < 24 { return hour % step == 0 }
                let dayIndex = Int((buckets[i].timeIntervalSince(buckets[0]) / 86400).rounded(.down))
                return hour == 0 && dayIndex % (step / 24) == 0
            case .day:
                if step == 1 { return true }
                if step == 2 { return i % 2 == 0 }
                let isMonday = p.weekday == 2
                let week = Int((buckets[i].timeIntervalSince(buckets[0]) / 86400 / 7).rounded(.down))
                return isMonday && week % max(1, step / 7) == 0
            }
        }
    }
}
