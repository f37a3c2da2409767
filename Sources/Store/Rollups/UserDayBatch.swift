internal import Model

/// A span's user days made ready away from the write lock, on the fold's own threads: its users
/// numbered locally, with their first event times, and each day's entries already in the list
/// order (events descending, then id by UTF-8 bytes). A merge then only numbers the users in
/// the rollups' directory and, for a day with no stored block yet (every day of a rebuild, and
/// every new day), writes the block as it is: no `String` hash per user day and no sort under
/// the lock, which every fold waits on.
struct UserDayBatch: Sendable {
    /// User ids by local number.
    private(set) var names: [String] = []
    /// First event times by local number.
    private(set) var firsts: [Int64] = []
    /// Each day's entries (users by local number) in list order, days ascending.
    private(set) var days: [(day: Int, entries: [UserDayBlock.Entry])] = []
    /// The number of user days.
    private(set) var entryCount = 0

    init() {}

    /// The batch of `userDays`.
    init(_ userDays: [UserDayKey: UserActivity]) {
        self.init(UserDayTally(userDays))
    }

    /// The batch of a tally: its users keep their numbers; the entries are put in day buckets,
    /// then each bucket in list order by each user's rank among the batch's ids (one sort of the
    /// ids' bytes, then integer compares).
    init(_ tally: UserDayTally) {
        names = tally.users.strings
        firsts = Array(repeating: .max, count: names.count)
        entryCount = tally.count
        guard !tally.isEmpty else { return }
        var dayIndex: [Int: Int] = [:]
        var counts: [Int] = []
        for (day, _, _) in tally.entries {
            if let index = dayIndex[day] {
                counts[index] += 1
            } else {
                dayIndex[day] = counts.count
                counts.append(1)
            }
        }
        var buckets = counts.map { count -> [UserDayBlock.Entry] in
            var bucket: [UserDayBlock.Entry] = []
            bucket.reserveCapacity(count)
            return bucket
        }
        for (day, user, value) in tally.entries {
            firsts[user] = min(firsts[user], value.first)
            buckets[dayIndex[day]!].append(UserDayBlock.Entry(user: user, activity: value))
        }
        let order = UserDayBlock.Order(names, ranks: tally.users.byteOrderRanks())
        days = dayIndex.sorted { $0.key < $1.key }.map { day, index in
            let entries = UserDayBlock.sorted(buckets[index], order)
            buckets[index] = []
            return (day, entries)
        }
    }

    var isEmpty: Bool { days.isEmpty }
}
