internal import GRDB

/// The rollups' numbered users (`ru_users`): each user id gets the next number when its first
/// event is folded, and keeps it until the rollups are rebuilt. Loaded by a merge, which numbers
/// the users new to it and lowers first-event times.
struct UserDirectory {
    private(set) var names: [String] = []
    /// The users met, looked up by the bytes of their ids as SQLite compares them (a `String`
    /// key would hold a composed `é` and a decomposed `e` + U+0301 to be one user), and each
    /// one's number here by the interner's number.
    private var interner = TextInterner()
    private var numbers: [Int] = []
    /// First event times, by number.
    private var firsts: [Int64] = []

    static func load(_ db: Database, target: RollupTarget = .live) throws -> UserDirectory {
        var directory = UserDirectory()
        let users = target.table("ru_users")
        let count = (try Int.fetchOne(db, sql: "SELECT max(number) FROM \(users)") ?? -1) + 1
        directory.names = Array(repeating: "", count: count)
        directory.firsts = Array(repeating: .max, count: count)
        directory.interner.reserveCapacity(count)
        directory.numbers.reserveCapacity(count)
        try RawRow.each(db, "SELECT number, user_id, first_ts FROM \(users) ORDER BY number", []) { row in
            let (number, name) = (row.int(0), row.text(1) ?? "")
            directory.names[number] = name
            directory.firsts[number] = row.int64(2)
            _ = directory.lookUp(name, new: number)
        }
        return directory
    }

    /// The number of `user`: its own if it has one, else `new`, which it gets from now on.
    private mutating func lookUp(_ user: String, new: Int) -> (number: Int, known: Bool) {
        let index = interner.number(user)
        if index < numbers.count { return (numbers[index], true) }
        numbers.append(new)
        return (new, false)
    }

    /// Numbers the users of `names` not numbered yet and lowers the first-event time of the
    /// others where `firsts` (by the same positions) is earlier (most refreshes bring no user's
    /// first event); returns each one's number.
    mutating func record(_ users: [String], firsts times: [Int64], _ db: Database, target: RollupTarget = .live) throws -> [Int] {
        let table = target.table("ru_users")
        let lower = try RawInsert(db, "UPDATE \(table) SET first_ts = min(first_ts, ?) WHERE number = ?")
        var result: [Int] = []
        result.reserveCapacity(users.count)
        // Users new to the directory are entered many to a statement (BatchedInsert); one
        // entered by this call and met again is written before its time is lowered.
        let firstNew = names.count
        try BatchedInsert.rows(db, into: "\(table) (number, user_id, first_ts)", columns: 3) { insert in
            for (user, time) in zip(users, times) {
                let (number, known) = lookUp(user, new: names.count)
                result.append(number)
                if known {
                    guard time < firsts[number] else { continue }
                    firsts[number] = time
                    if number >= firstNew { try insert.flush() }
                    try lower.run(.int(time), .int(Int64(number)))
                } else {
                    names.append(user)
                    firsts.append(time)
                    try insert.add(.int(Int64(number)), .text(user), .int(time))
                }
                try target.tick()
            }
        }
        return result
    }
}
