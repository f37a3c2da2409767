public import Model

/// The aggregates of exactly the events inside one window.
public struct WindowData: Sendable {
    public var window: TimeWindow
    /// The slot families. `userDays` is left empty (see ``userDays``);
    /// `timings` are per service over the whole window (their key's slot is 0).
    public var aggregates: Aggregates
    /// Users whose first event ever falls inside the window.
    public var newUsers: Int
    /// Each user's events per local day, sorted by day, then events (most first), then user id
    /// (code points) — the order of the user_activity list. A flat list of numbered users
    /// (names in ``userNames``), 8 bytes a row (``UserDayRows``): a 90-day window of 200,000
    /// users holds millions of these rows. The user_activity report keeps this very list (no copy).
    public var userDays = UserDayRows()
    /// The window's user ids, by the numbers of ``userDays``.
    public var userNames: [String] = []
    /// Each user's activity over the whole window (events, first and last event time), by the
    /// numbers of ``userDays``.
    public var userTotals: [UserActivity] = []
}

/// One user's events on one local day; `user` numbers the user in its window's
/// ``WindowData/userNames``.
public struct UserDayRow: Sendable, Hashable {
    public var user: Int32
    /// The local day (days since 1970-01-01 in the configured zone).
    public var day: Int32
    public var events: Int64

    public init(user: Int32, day: Int32, events: Int64) {
        self.user = user
        self.day = day
        self.events = events
    }
}

/// Builds a window's ``WindowData/userDays`` and ``WindowData/userTotals`` together.
struct UserDayRowsBuilder {
    var rows = UserDayRows()
    var totals: [UserActivity] = []

    mutating func append(day: Int, user: Int, _ activity: UserActivity) {
        rows.append(UserDayRow(user: Int32(user), day: Int32(day), events: Int64(activity.events)))
        add(user: user, activity)
    }

    /// Appends the rows of a day's block whose entries' users are `users` (their window
    /// numbers, in the block's order), and adds to the totals of those users — one loop for each:
    /// the block lists users most active first, so each total is a read from anywhere in
    /// megabytes of them, and short loops let those reads overlap.
    mutating func append(block: UnsafeRawBufferPointer, day: Int, users: [Int32]) {
        precondition(users.count == block.count / UserDayBlock.entrySize, "UserDayRowsBuilder: a window user per entry")
        rows.append(day: Int32(day), users: users) { index in
            Int64(littleEndian: block.loadUnaligned(fromByteOffset: index * UserDayBlock.entrySize + 4, as: Int64.self))
        }
        if let largest = users.max(), Int(largest) >= totals.count {
            totals.append(contentsOf: repeatElement(UserActivity(), count: Int(largest) + 1 - totals.count))
        }
        totals.withUnsafeMutableBufferPointer { totals in
            for (index, user) in users.enumerated() { totals[Int(user)].merge(UserDayBlock.entry(block, at: index).activity) }
        }
    }

    /// Adds to a user's total alone, without a row.
    mutating func add(user: Int, _ activity: UserActivity) {
        if user >= totals.count { totals.append(contentsOf: repeatElement(UserActivity(), count: user + 1 - totals.count)) }
        totals[user].merge(activity)
    }
}

extension UserDayKey {
    /// The user_activity order: day, then events descending, then user id (UTF-8 bytes, which
    /// order as code points do — and as SQLite's BINARY collation does).
    static func sorted(_ map: [UserDayKey: UserActivity]) -> [(key: UserDayKey, value: UserActivity)] {
        map.sorted { lhs, rhs in
            if lhs.key.day != rhs.key.day { return lhs.key.day < rhs.key.day }
            if lhs.value.events != rhs.value.events { return lhs.value.events > rhs.value.events }
            return UTF8Order.precedes(lhs.key.userId, rhs.key.userId)
        }
    }

    /// `map` as rows in the user_activity order, numbering their users in `users`.
    static func rows(_ map: [UserDayKey: UserActivity], _ users: inout TextInterner) -> UserDayRowsBuilder {
        var builder = UserDayRowsBuilder()
        for (key, value) in sorted(map) { builder.append(day: key.day, user: users.number(key.userId), value) }
        return builder
    }
}
