public import Model
internal import GRDB

/// The user days of a large out-of-order span, folded one local day at a time (issue 16): such a
/// span touches every day at once, and its user days held together would take hundreds of MB.
extension AnalyticsStore {
    /// Out-of-order spans of more events than this fold their user days day by day.
    public static let usersByDayAbove: Int64 = 500_000

    /// A rebuild of at most this many events out of time order merges its user days while its
    /// hour slots are being folded (``readUserDays(_:after:upTo:_:workers:entryLimit:)``). At 1M
    /// events × 180,000 users that took a cold `report all` from 2.4 to 2.1 s, for 200 MB of
    /// memory instead of 184; at 10M × 200,000 it took 280–295 MB instead of 240 (the fold's
    /// delta held beside the directory of every user), over the bound of 250 MB.
    static let earlyUsersUpTo: Int64 = 2_000_000

    /// The local days of the hours `delta` holds events in.
    static func days(of delta: Aggregates, _ calendar: ZoneCalendar) -> [Int] {
        Set(delta.types.keys.map { calendar.localDay($0.slot, offset: calendar.offset(at: $0.slot)) }).sorted()
    }

    /// The local days that hold stored events, found through the time index a bucket at a time
    /// (one lookup per ~70-minute bucket that has events): a rebuild's user days are read over
    /// them. Not the days from the first event to the last: one event of the year 30000 among
    /// this year's would make millions of days to read.
    func eventDays(_ calendar: ZoneCalendar) throws(StoreError) -> [Int] {
        let buckets: [Int64] = try read { db in
            let next = try db.makeStatement(
                sql: "SELECT \(EventTimeIndex.bucket) FROM events WHERE \(EventTimeIndex.bucket) > ? ORDER BY \(EventTimeIndex.bucket) LIMIT 1")
            var buckets: [Int64] = []
            var last = Int64.min
            while let bucket = try Int64.fetchOne(next, arguments: [last]) {
                buckets.append(bucket)
                last = bucket
            }
            return buckets
        }
        var days = Set<Int>()
        for bucket in buckets {
            // A bucket's first and last millisecond (it may straddle a local midnight).
            let first = bucket << EventTimeIndex.shift
            let last = first | ((1 << EventTimeIndex.shift) - 1)
            days.insert(calendar.localDay(first, offset: calendar.offset(at: first)))
            days.insert(calendar.localDay(last, offset: calendar.offset(at: last)))
        }
        return days.sorted()
    }

    /// Starts reading the user days of the events with ids in `(lower, upper]`, one local day at
    /// a time (`days`, ascending), each from the time index (which holds the user) on a WAL
    /// reader of its own (the events are committed): memory holds a few days' users, not the
    /// span's user days. Begun before the span's hour slots are merged, so the reading runs
    /// beside that merge; ``foldUsersByDay(_:from:directory:spans:target:)`` takes the days in order.
    func readUserDays(
        _ days: [Int], after lower: Int64, upTo upper: Int64, _ settings: RollupSettings, workers: Int,
        entryLimit: Int = UserDayReadAhead.defaultEntryLimit
    ) -> UserDayReadAhead {
        let calendar = settings.calendar
        return UserDayReadAhead(count: days.count, workers: workers, entryLimit: entryLimit) { (index) throws(StoreError) -> UserDayBatch in
            var folder = Folder(roles: settings.roles, calendar: calendar)
            var tally = UserDayTally()
            let part = TimeWindow(start: calendar.startOfDay(days[index]), end: calendar.startOfDay(days[index] + 1))
            try self.read { db in try Self.tallyUsers(db, part, upper, after: lower, &folder, into: &tally) }
            return UserDayBatch(tally)
        }
    }

    /// Merges the user days `readAhead` reads into each day block and `ru_users`, a day at a
    /// time, their changes into `spans` (flushed by the caller). Runs in the span's write
    /// transaction (`db`; a rebuild's slices), with the rest of its merge; a rebuild's slice lets
    /// the write lock go while it waits for the readers.
    func foldUsersByDay(
        _ db: Database, from readAhead: UserDayReadAhead, directory: inout UserDirectory, spans: inout UserSpans,
        target: RollupTarget = .live
    ) throws {
        while true {
            var next = readAhead.next(wait: false)
            if case .pending = next { next = try target.unlocked { readAhead.next(wait: true) } }
            guard case .ready(let result) = next else { return }
            try RollupTables.mergeUserDays(try result.get(), into: db, directory: &directory, spans: &spans, target: target)
        }
    }
}
