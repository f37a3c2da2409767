public import Foundation

extension LineChart {
    /// The calendar the buckets are aligned in (Gregorian, in ``timeZone``; UTC when unknown).
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The start of the bucket holding `date`.
    public func bucketStart(_ date: Date) -> Date {
        let calendar = calendar
        switch bucket {
        case .day: return calendar.startOfDay(for: date)
        case .hour:
            let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
            return calendar.date(from: parts) ?? date
        }
    }

    /// Every bucket start of the axis, from ``start`` (or the first point) up to ``end`` (or the
    /// last point), at most 10,000 buckets.
    public var buckets: [Date] {
        let dates = series.flatMap { $0.points.map(\.date) }
        guard let first = start ?? dates.min() else { return [] }
        let last = end ?? dates.max().map { $0.addingTimeInterval(1) } ?? first.addingTimeInterval(1)
        let calendar = calendar
        var out: [Date] = []
        var cursor = bucketStart(first)
        while cursor < last && out.count < 10_000 {
            out.append(cursor)
            let component: Calendar.Component = bucket == .day ? .day : .hour
            guard let next = calendar.date(byAdding: component, value: 1, to: cursor), next > cursor else { break }
            cursor = next
        }
        if out.isEmpty { out.append(bucketStart(first)) }
        return out
    }

    /// The values of `series` on the bucket grid: summed per bucket; missing buckets are 0 when
    /// ``missingAsZero`` is set, otherwise `nil`. `shift` moves points (previous period) first.
    public func values(of series: LineSeries, on buckets: [Date], shift: TimeInterval = 0) -> [Double?] {
        var index: [Date: Int] = [:]
        for (i, bucket) in buckets.enumerated() { index[bucket] = i }
        var out = [Double?](repeating: missingAsZero ? 0 : nil, count: buckets.count)
        for point in series.points where point.value.isFinite {
            guard let i = index[bucketStart(point.date.addingTimeInterval(shift))] else { continue }
            out[i] = (out[i] ?? 0) + point.value
        }
        return out
    }

    /// The start of the bucket still in progress at the end of the period: set when
    /// ``inProgress`` is and ``end`` falls inside a bucket (as-of 09:30 cuts the 09:00 hour and
    /// the day it is in); nil when the period ends on a bucket boundary.
    public var inProgressBucket: Date? {
        guard inProgress == true, let end else { return nil }
        let start = bucketStart(end)
        return start < end ? start : nil
    }

    /// The length of the period, used to lay the previous period over the current one.
    public var periodLength: TimeInterval {
        let grid = buckets
        guard let first = grid.first, let last = grid.last else { return 0 }
        return (end ?? last.addingTimeInterval(bucket.nominalSeconds)).timeIntervalSince(start ?? first)
    }

    /// A bucket's label for tables: `2026-11-28` for days, `2026-11-28 09:00` for hours.
    public func bucketLabel(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        let day = String(format: "%04d-%02d-%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0)
        return bucket == .day ? day : day + String(format: " %02d:00", p.hour ?? 0)
    }
}
