/// The `user_activity` list of a user activity report: one entry per user and local day. Reads
/// as an array of ``UserDayActivity`` and encodes as one, but holds each user id and date once
/// and its rows as numbers — a 90-day list has hundreds of thousands of rows naming a few
/// thousand users on ninety dates.
public struct UserDayList: ArrayCodedList, Sendable, ExpressibleByArrayLiteral {
    struct Row: Sendable, Hashable {
        var user: Int32
        var date: Int32
        var count: Int64
    }

    /// User ids and dates by the numbers of ``rows``.
    let users: [String]
    let dates: [String]
    let rows: [Row]

    init(users: [String], dates: [String], rows: [Row]) {
        self.users = users
        self.dates = dates
        self.rows = rows
    }

    public init(_ elements: some Sequence<UserDayActivity>) {
        var users: [String] = []
        var dates: [String] = []
        var userNumbers: [String: Int32] = [:]
        var dateNumbers: [String: Int32] = [:]
        func number(_ text: String, _ numbers: inout [String: Int32], _ texts: inout [String]) -> Int32 {
            if let known = numbers[text] { return known }
            let new = Int32(texts.count)
            texts.append(text)
            numbers[text] = new
            return new
        }
        rows = elements.map {
            Row(user: number($0.userId, &userNumbers, &users), date: number($0.date, &dateNumbers, &dates), count: $0.activityCount)
        }
        self.users = users
        self.dates = dates
    }

    public init(arrayLiteral elements: UserDayActivity...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> UserDayActivity {
        let row = rows[position]
        return UserDayActivity(userId: users[Int(row.user)], date: dates[Int(row.date)], activityCount: row.count)
    }
}
