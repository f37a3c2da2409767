internal import Model
internal import Store

/// The `user_activity` list of a user activity report: one entry per user and local day. Reads
/// as an array of ``UserDayActivity`` and encodes as one, but holds each user id and date once
/// and its rows as numbers — a 90-day list has hundreds of thousands of rows naming a few
/// thousand users on ninety dates.
public struct UserDayList: ArrayCodedList, Sendable, ExpressibleByArrayLiteral {
    /// User ids by the user numbers of ``rows``.
    let users: [String]
    /// Dates by day: a row of day `d` is on `dates[d - firstDay]`.
    let dates: [String]
    let firstDay: Int32
    /// The window's own rows (``WindowData/userDays``), shared rather than copied.
    let rows: UserDayRows

    init(users: [String], dates: [String], firstDay: Int32, rows: UserDayRows) {
        self.users = users
        self.dates = dates
        self.firstDay = firstDay
        self.rows = rows
    }

    public init(_ elements: some Sequence<UserDayActivity>) {
        var users: [String] = []
        var dates: [String] = []
        // By bytes: ids that only Unicode normalisation tells apart are two users, as in SQL.
        var userNumbers: [UTF8Key: Int32] = [:]
        var dateNumbers: [UTF8Key: Int32] = [:]
        func number(_ text: String, _ numbers: inout [UTF8Key: Int32], _ texts: inout [String]) -> Int32 {
            if let known = numbers[UTF8Key(text)] { return known }
            let new = Int32(texts.count)
            texts.append(text)
            numbers[UTF8Key(text)] = new
            return new
        }
        // Decoded lists number their dates in order of appearance, from day 0.
        rows = UserDayRows(elements.lazy.map {
            UserDayRow(user: number($0.userId, &userNumbers, &users), day: number($0.date, &dateNumbers, &dates), events: $0.activityCount)
        })
        self.users = users
        self.dates = dates
        firstDay = 0
    }

    /// The user ids the rows name, by user number (``forEachCode(in:_:)``).
    public var userIds: [String] { users }
    /// The dates of the rows, by date number (``forEachCode(in:_:)``).
    public var dateTexts: [String] { dates }

    /// Calls `body` with each row of `range` as numbers: its user (an index of ``userIds``), its
    /// date (an index of ``dateTexts``) and its count — what the CSV and workbook writers read
    /// instead of a row of texts.
    public func forEachCode(in range: Range<Int>, _ body: (Int, Int, Int64) throws -> Void) rethrows {
        try rows.forEach(in: range) { user, day, events in try body(Int(user), Int(day - firstDay), events) }
    }

    /// The date of `row`.
    func date(_ row: UserDayRow) -> Int { Int(row.day - firstDay) }

    public init(arrayLiteral elements: UserDayActivity...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> UserDayActivity {
        let row = rows[position]
        return UserDayActivity(userId: users[Int(row.user)], date: dates[date(row)], activityCount: row.events)
    }
}
