internal import Model

/// Each user's activity per local day, as a fold collects it: users numbered as they are met
/// (``TextInterner``), entries in an open-addressing table keyed by (day, user number). An event
/// costs a short hash of its user's bytes and a multiply of two integers — not a `String` hash
/// in a dictionary whose `String` keys move on every resize (at 200,000 users, a fifth of a
/// rebuild's time went there, issue 16).
struct UserDayTally: Sendable {
    /// The users met, by number.
    private(set) var users = TextInterner()
    /// Each entry's key: the day's bits above, the user's number below.
    private(set) var keys: [UInt64] = []
    /// Each entry's activity, by the same positions.
    private(set) var activity: [UserActivity] = []
    /// An entry's position + 1, or 0 for an empty place. Kept at most half full.
    private var table = [Int32](repeating: 0, count: 1 << 10)
    private var shift = 64 - 10

    init() {}

    /// The tally of `userDays`.
    init(_ userDays: [UserDayKey: UserActivity]) {
        for (key, value) in userDays { add(users.number(key.userId), day: key.day, value) }
    }

    /// The number of user days.
    var count: Int { keys.count }

    var isEmpty: Bool { keys.isEmpty }

    /// The local day of an entry's key.
    static func day(_ key: UInt64) -> Int { Int(Int32(truncatingIfNeeded: key >> 32)) }

    /// The user number of an entry's key.
    static func user(_ key: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: key)) }

    /// Adds one event of `user` at `time`, on local day `day`.
    mutating func add(_ user: String, day: Int, time: Int64) {
        let position = place(users.number(user), day: day)
        activity[position].add(time)
    }

    /// Adds the activity of `user` (by number) on `day`.
    mutating func add(_ user: Int, day: Int, _ value: UserActivity) {
        let position = place(user, day: day)
        activity[position].merge(value)
    }

    /// Adds another tally (exact: the result does not depend on the order).
    mutating func merge(_ other: UserDayTally) {
        let numbers = other.users.strings.map { users.number($0) }
        for (key, value) in zip(other.keys, other.activity) {
            add(numbers[Self.user(key)], day: Self.day(key), value)
        }
    }

    /// The position of the entry of `user` on `day`, made (with no events) if new.
    private mutating func place(_ user: Int, day: Int) -> Int {
        let key = UInt64(UInt32(truncatingIfNeeded: day)) << 32 | UInt64(UInt32(truncatingIfNeeded: user))
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        while table[slot] != 0 {
            let known = Int(table[slot]) - 1
            if keys[known] == key { return known }
            slot = (slot + 1) & mask
        }
        let position = keys.count
        keys.append(key)
        activity.append(UserActivity())
        table[slot] = Int32(position + 1)
        if keys.count * 2 > table.count { grow() }
        return position
    }

    private mutating func grow() {
        table = [Int32](repeating: 0, count: table.count * 2)
        shift -= 1
        let mask = table.count - 1
        for (position, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(position + 1)
        }
    }
}
