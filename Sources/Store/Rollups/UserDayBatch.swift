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
        var local: [String: Int] = [:]
        local.reserveCapacity(min(userDays.count, 1 << 16))
        var byDay: [Int: [UserDayBlock.Entry]] = [:]
        for (key, value) in userDays {
            let user: Int
            if let known = local[key.userId] {
                user = known
                firsts[user] = min(firsts[user], value.first)
            } else {
                user = names.count
                local[key.userId] = user
                names.append(key.userId)
                firsts.append(value.first)
            }
            byDay[key.day, default: []].append(UserDayBlock.Entry(user: user, activity: value))
        }
        entryCount = userDays.count
        let order = UserDayBlock.Order(names, sorting: entryCount)
        days = byDay.keys.sorted().map { day in (day, UserDayBlock.sorted(byDay[day] ?? [], order)) }
    }

    var isEmpty: Bool { days.isEmpty }
}
