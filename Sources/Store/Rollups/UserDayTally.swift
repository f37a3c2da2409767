internal import Model

/// Each user's activity per local day, as a fold collects it: users numbered as they are met
/// (``TextInterner``), entries in a ``FoldTable`` keyed by (day, user number). An event costs a
/// short hash of its user's bytes and a multiply of two integers — not a `String` hash in a
/// dictionary whose `String` keys move on every resize (at 200,000 users, a fifth of a rebuild's
/// time went there, issue 16).
struct UserDayTally: Sendable {
    /// The users met, by number.
    private(set) var users = TextInterner()
    private var table = FoldTable(empty: UserActivity())

    init() {}

    /// The tally of `userDays`.
    init(_ userDays: [UserDayKey: UserActivity]) {
        for (key, value) in userDays { add(users.number(key.userId), day: key.day, value) }
    }

    /// The number of user days.
    var count: Int { table.count }

    var isEmpty: Bool { table.count == 0 }

    /// Each user day: the local day, the user's number and the activity.
    var entries: some Sequence<(day: Int, user: Int, activity: UserActivity)> {
        table.entries.lazy.map { key, value in (Int(key.slot), Int(key.rest), value) }
    }

    /// Adds one event of `user` at `time`, on local day `day`.
    mutating func add(_ user: String, day: Int, time: Int64) {
        table.update(FoldKey(slot: Int64(day), rest: UInt64(users.number(user)))) { $0.add(time) }
    }

    /// Adds one event of the user whose id's UTF-8 bytes are `user`, at `time`, on local day `day`.
    mutating func add(_ user: UnsafeBufferPointer<UInt8>, day: Int, time: Int64) {
        table.update(FoldKey(slot: Int64(day), rest: UInt64(users.number(user)))) { $0.add(time) }
    }

    /// Adds the activity of `user` (by number) on `day`.
    mutating func add(_ user: Int, day: Int, _ value: UserActivity) {
        table.update(FoldKey(slot: Int64(day), rest: UInt64(user))) { $0.merge(value) }
    }

    /// Adds another tally (exact: the result does not depend on the order).
    mutating func merge(_ other: UserDayTally) {
        let numbers = other.users.strings.map { users.number($0) }
        for (day, user, value) in other.entries { add(numbers[user], day: day, value) }
    }
}
