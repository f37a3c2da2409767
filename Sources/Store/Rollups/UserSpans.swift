internal import Foundation
internal import GRDB

/// Each user's totals over a span of ``days`` local days, as stored in `ru_user_spans`: one
/// block per span, an entry per user active in it, in the 28-byte form of a day block
/// (``UserDayBlock``) but by user number ascending. The sum of the span's day blocks, their late
/// entries included, kept so by every merge of user days (``add(day:_:db:target:)``).
///
/// A window's per-user totals (a business report's top users over all time) then read a block
/// per whole span inside it and day blocks only for the days around them. The nightly build of
/// a busy year (100M events, 200,000 users) read every day block of the year, 856 MB, for the
/// all-time business report: 4.4–6.9 s of its 15–16 s, most of it waiting on the disk (issue 16).
///
/// As an accumulator, holds the deltas of consecutive days of one span until a day of another
/// span comes or ``flush(_:target:)`` is called, then merges them into the stored block at once:
/// a rebuild that merges day by day rewrites each span's block once, not once a day.
struct UserSpans {
    /// Local days per span.
    static let days = 32

    /// The span holding local day `day`.
    static func span(of day: Int) -> Int {
        day >= 0 ? day / days : -((-day - 1) / days) - 1
    }

    /// The spans whose days all lie in `firstDay..<endDay` (empty when none does).
    static func whole(firstDay: Int, endDay: Int) -> Range<Int> {
        guard firstDay < endDay else { return 0..<0 }
        let lower = span(of: firstDay - 1) + 1
        let upper = span(of: endDay)
        return lower < upper ? lower..<upper : 0..<0
    }

    /// The span being accumulated.
    private(set) var span: Int?
    /// Its totals so far by user number; users with no events yet are at their zero value.
    private var totals: [UserActivity] = []
    /// The users with totals, in the order met.
    private var touched: [Int] = []

    init() {}

    /// Adds a day's changes (user number → activity added that day) to its span's totals; a day
    /// of another span than the one accumulated writes that one first.
    mutating func add(day: Int, _ delta: [Int: UserActivity], db: Database, target: RollupTarget) throws {
        let daySpan = Self.span(of: day)
        if span != daySpan {
            try flush(db, target: target)
            span = daySpan
        }
        for (user, activity) in delta where activity.events > 0 {
            if user >= totals.count { totals.append(contentsOf: repeatElement(UserActivity(), count: user + 1 - totals.count)) }
            if totals[user].events == 0 { touched.append(user) }
            totals[user].merge(activity)
        }
    }

    /// Merges the accumulated totals into their span's stored block; then holds none.
    mutating func flush(_ db: Database, target: RollupTarget) throws {
        defer { span = nil }
        guard let span, !touched.isEmpty else { return }
        touched.sort()
        let table = target.table("ru_user_spans")
        var merged = Data()
        try RawRow.each(db, "SELECT users FROM \(table) WHERE span = ?", [span]) { row in
            merged = merge(row.blobBytes(0))
        }
        if merged.isEmpty { merged = merge(UnsafeRawBufferPointer(start: nil, count: 0)) }
        try db.execute(sql: "INSERT OR REPLACE INTO \(table) (span, users) VALUES (?, ?)", arguments: [span, merged])
        for user in touched { totals[user] = UserActivity() }
        touched.removeAll(keepingCapacity: true)
    }

    /// `stored` (entries by user number ascending) with the accumulated totals added, encoded.
    private func merge(_ stored: UnsafeRawBufferPointer) -> Data {
        let count = stored.count / UserDayBlock.entrySize
        var entries: [UserDayBlock.Entry] = []
        entries.reserveCapacity(count + touched.count)
        var next = 0
        for user in touched {
            while next < count, case let entry = UserDayBlock.entry(stored, at: next), entry.user < user {
                entries.append(entry)
                next += 1
            }
            var activity = totals[user]
            if next < count, case let entry = UserDayBlock.entry(stored, at: next), entry.user == user {
                activity.merge(entry.activity)
                next += 1
            }
            entries.append(UserDayBlock.Entry(user: user, activity: activity))
        }
        while next < count {
            entries.append(UserDayBlock.entry(stored, at: next))
            next += 1
        }
        return UserDayBlock.encode(ordered: entries)
    }

    /// Adds the stored totals of `spans` into `byNumber` (by user number; grown as needed).
    static func sum(_ db: Database, spans: Range<Int>, into byNumber: inout [UserActivity]) throws {
        guard !spans.isEmpty else { return }
        try RawRow.each(db, "SELECT users FROM ru_user_spans WHERE span >= ? AND span < ?", [spans.lowerBound, spans.upperBound]) { row in
            UserDayBlock.sum(row.blobBytes(0), into: &byNumber)
        }
    }

    /// Writes the blocks of every span from the stored day blocks and their late entries (the
    /// migration that made the table: the rollups stay as they are, no rebuild is needed).
    static func fill(_ db: Database) throws {
        var late = try AnalyticsStore.lateEntries(db, firstDay: Int.min, endDay: Int.max)
        var marks: [Int32] = []
        var spans = UserSpans()
        var day: (number: Int, delta: [Int: UserActivity]) = (0, [:])
        try RawRow.each(db, "SELECT day, users FROM ru_user_day_blocks ORDER BY day", []) { row in
            day = (row.int(0), [:])
            let block = row.blobBytes(1)
            day.delta.reserveCapacity(block.count / UserDayBlock.entrySize)
            if let placed = late.removeValue(forKey: day.number) {
                UserDayLate.each(block, placed: placed, marks: &marks) { day.delta[$0.user] = $0.activity }
            } else {
                UserDayBlock.decode(block) { day.delta[$0.user] = $0.activity }
            }
            try spans.add(day: day.number, day.delta, db: db, target: .live)
        }
        try spans.flush(db, target: .live)
    }
}
