public import Model

/// The aggregates of exactly the events inside one window.
public struct WindowData: Sendable {
    public var window: TimeWindow
    /// The slot families. `userDays` is left empty (see ``userDays``);
    /// `timings` are per service over the whole window (their key's slot is 0).
    public var aggregates: Aggregates
    /// Users whose first event ever falls inside the window.
    public var newUsers: Int
    /// Each user's activity per local day, sorted by day, then events (most first), then user
    /// id (code points) — the order of the user_activity list. A flat list of numbered users
    /// (names in ``userNames``): a 90-day window holds hundreds of thousands of these rows but
    /// only a few thousand users.
    public var userDays: [UserDayRow] = []
    /// The window's user ids, by the numbers of ``userDays``.
    public var userNames: [String] = []
}

/// One user's activity on one local day; `user` numbers the user in its window's
/// ``WindowData/userNames``.
public struct UserDayRow: Sendable, Hashable {
    public var day: Int
    public var user: Int
    public var activity: UserActivity

    public init(day: Int, user: Int, activity: UserActivity) {
        self.day = day
        self.user = user
        self.activity = activity
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
    static func rows(_ map: [UserDayKey: UserActivity], _ users: inout TextInterner) -> [UserDayRow] {
        sorted(map).map { UserDayRow(day: $0.key.day, user: users.number($0.key.userId), activity: $0.value) }
    }
}
