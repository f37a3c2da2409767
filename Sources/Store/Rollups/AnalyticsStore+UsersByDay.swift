public import Model
internal import GRDB

/// The user days of a large out-of-order span, folded one local day at a time (issue 16): such a
/// span touches every day at once, and its user days held together would take hundreds of MB.
extension AnalyticsStore {
    /// Out-of-order spans of more events than this fold their user days day by day.
    public static let usersByDayAbove: Int64 = 500_000

    /// The local days of the hours `delta` holds events in.
    static func days(of delta: Aggregates, _ calendar: ZoneCalendar) -> [Int] {
        Set(delta.types.keys.map { calendar.localDay($0.slot, offset: calendar.offset(at: $0.slot)) }).sorted()
    }

    /// The per-user families of the events with ids in `(lower, upper]`, one local day at a time:
    /// each day's times and users are read from the time index (which holds the user) and merged
    /// into its day block and `ru_users` at once, so memory holds a few days' users, not the
    /// span's user days. Runs in the span's write transaction (`db`; a rebuild's slices), with the rest of its merge;
    /// the days are read and put in order `workers` at a time, each on a WAL reader of its own
    /// (the events are committed), the next group while the writer merges the one before.
    func foldUsersByDay(
        _ db: Database, days: [Int], after lower: Int64, upTo upper: Int64, _ settings: RollupSettings, workers: Int,
        directory: inout UserDirectory, target: RollupTarget = .live
    ) throws {
        let calendar = settings.calendar
        let groups = stride(from: 0, to: days.count, by: workers).map { Array(days[$0..<min(days.count, $0 + workers)]) }
        func prepare(_ index: Int) -> BackgroundWork<[Result<UserDayBatch, StoreError>]>? {
            guard index < groups.count else { return nil }
            let group = groups[index]
            return BackgroundWork {
                ParallelWork.map(group.count, workers: group.count) { (index) throws(StoreError) -> UserDayBatch in
                    var folder = Folder(roles: settings.roles, calendar: calendar)
                    var users = Aggregates()
                    let part = TimeWindow(start: calendar.startOfDay(group[index]), end: calendar.startOfDay(group[index] + 1))
                    try self.read { db in try Self.foldUsers(db, part, upper, after: lower, &folder, into: &users) }
                    return UserDayBatch(users.userDays)
                }
            }
        }
        // While the writer merges one group of days, the next is being read.
        var next = prepare(0)
        defer { _ = next?.wait() }  // never leave a reader running after an error
        var index = 0
        while let job = next {
            // A rebuild's slice lets the write lock go while it waits for the readers.
            let batches = try target.unlocked { job.wait() ?? [] }
            index += 1
            next = prepare(index)
            for batch in batches { try RollupTables.mergeUserDays(try batch.get(), into: db, directory: &directory, target: target) }
        }
    }
}
