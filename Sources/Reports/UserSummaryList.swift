internal import Model

/// The `users` list of a user activity report: one entry per active user, busiest first. Reads
/// as an array of ``UserSummary`` and encodes as one, but holds its rows as numbers (the user's
/// number in the window's ids, event count, first and last event time) — with 200,000 users, a
/// `UserSummary` holding two ISO-8601 strings per user cost tens of megabytes per report.
public struct UserSummaryList: ArrayCodedList, Sendable, ExpressibleByArrayLiteral {
    struct Row: Sendable, Hashable {
        var user: Int32
        var count: Int64
        var first: Int64
        var last: Int64
    }

    /// User ids by the numbers of ``rows`` (shared with the report's ``UserDayList``).
    let users: [String]
    let rows: [Row]

    init(users: [String], rows: [Row]) {
        self.users = users
        self.rows = rows
    }

    /// Entries given as summaries (their times must be ISO-8601, as the report writes them).
    public init(_ elements: some Sequence<UserSummary>) {
        var users: [String] = []
        rows = elements.map { element in
            users.append(element.userId)
            return Row(
                user: Int32(users.count - 1), count: element.activityCount, first: Timestamp.parse(element.firstSeen) ?? 0,
                last: Timestamp.parse(element.lastSeen) ?? 0)
        }
        self.users = users
    }

    public init(arrayLiteral elements: UserSummary...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> UserSummary {
        let row = rows[position]
        return UserSummary(
            userId: users[Int(row.user)], activityCount: row.count, firstSeen: Timestamp.iso8601(row.first),
            lastSeen: Timestamp.iso8601(row.last))
    }
}
