internal import GRDB
internal import Foundation
public import Model

extension AnalyticsStore {
    /// A window's user days in the user_activity order (with each user's totals; only the
    /// totals unless `rows`), its users numbered in `users`: the
    /// whole local days `firstDay..<endDay` (none when `endDay` is not after `firstDay`) from
    /// the day blocks of the rollups, the partial days at either edge from raw events (their
    /// per-user aggregates also merged into `aggregates`).
    static func userDays(
        _ db: Database, _ window: TimeWindow, firstDay: Int, endDay: Int, _ calendar: ZoneCalendar, _ watermark: Int64,
        edges: WindowEdges, _ folder: inout Folder, into aggregates: inout Aggregates, users: inout TextInterner, rows wanted: Bool = true
    ) throws -> UserDayRowsBuilder {
        // The partial days at the edges, from raw events; with no whole day in the window, its
        // (at most two) days split at the midnight between them — so that every part lies in one
        // local day, and a short window's last part is the one longer windows share.
        let rawDays = firstDay <= endDay
            ? [TimeWindow(start: window.start, end: calendar.startOfDay(firstDay)), lastPartialDay(before: window.end, calendar)]
            : [window]
        for part in rawDays where !part.isEmpty {
            try edges.merge(.init(part: part, users: true, lean: false, watermark: watermark), into: &aggregates) { edge in
                try foldUsers(db, part, watermark, &folder, into: &edge)
            }
        }
        // The partial days lie before and after the whole days, which the rollup lists in order.
        let edgeRows = UserDayKey.sorted(aggregates.userDays)
        var rows = UserDayRowsBuilder()
        func append<S: Sequence<(key: UserDayKey, value: UserActivity)>>(_ edge: S) {
            for (key, value) in edge { rows.append(day: key.day, user: users.number(key.userId), value) }
        }
        guard firstDay < endDay else {
            append(edgeRows)
            if !wanted { rows.rows = UserDayRows() }
            return rows
        }
        guard wanted else {
            return try userTotals(db, firstDay: firstDay, endDay: endDay, edges: edgeRows, users: &users)
        }
        // Whole days: a block per day, its users numbered in the rollups. Their ids are read
        // all at once when the blocks hold at least a quarter as many entries as there are
        // users, else one by one as the window meets them (a lookup costs several rows of the
        // whole read: a 30-day window of 165,000 entries among 200,000 users took 0.05 s more
        // one by one).
        let entries = (try Int.fetchOne(
            db, sql: "SELECT sum(length(users)) FROM ru_user_day_blocks WHERE day >= ? AND day < ?", arguments: [firstDay, endDay]) ?? 0)
            / UserDayBlock.entrySize
        let userCount = (try Int.fetchOne(db, sql: "SELECT max(number) FROM ru_users") ?? -1) + 1
        var names: [String] = Array(repeating: "", count: userCount <= 4 * entries ? userCount : 0)
        if !names.isEmpty {
            try RawRow.each(db, "SELECT number, user_id FROM ru_users", []) { row in
                if row.int(0) < names.count { names[row.int(0)] = row.text(1) ?? "" }
            }
        }
        let name = try db.makeStatement(sql: "SELECT user_id FROM ru_users WHERE number = ?")
        func id(_ number: Int) throws -> String {
            if number < names.count { return names[number] }
            var id = ""
            try RawRow.each(db, name, [number]) { id = $0.text(0) ?? "" }
            return id
        }
        rows.rows.reserveCapacity(entries + edgeRows.count)
        // At most one total per user met: without this, growing by doubling could leave room
        // for twice the window's users.
        rows.totals.reserveCapacity(min(userCount, entries) + edgeRows.count)
        users.reserveCapacity(users.count + min(userCount, entries) + edgeRows.count)
        append(edgeRows.lazy.filter { $0.key.day < firstDay })
        // The window's number of each rollup user number met (-1: not met yet).
        var numbers = [Int32](repeating: -1, count: userCount)
        // A day's rows: the window's number of each entry's user first, in a loop of its own
        // (see UserDayRowsBuilder.append(block:day:users:)).
        var blockUsers: [Int32] = []
        func add(_ block: UnsafeRawBufferPointer, day: Int) throws {
            let largest = UserDayBlock.largestUser(block)
            if largest >= numbers.count { numbers.append(contentsOf: repeatElement(-1, count: largest + 1 - numbers.count)) }
            blockUsers.removeAll(keepingCapacity: true)
            blockUsers.append(contentsOf: repeatElement(0, count: block.count / UserDayBlock.entrySize))
            try numbers.withUnsafeMutableBufferPointer { numbers in
                try blockUsers.withUnsafeMutableBufferPointer { blockUsers in
                    for index in blockUsers.indices {
                        let number = Int(UInt32(littleEndian: block.loadUnaligned(fromByteOffset: index * UserDayBlock.entrySize, as: UInt32.self)))
                        var user = numbers[number]
                        if user < 0 {
                            user = Int32(users.number(try id(number)))
                            numbers[number] = user
                        }
                        blockUsers[index] = user
                    }
                }
            }
            rows.append(block: block, day: day, users: blockUsers)
        }
        // A day's late entries take their places in its block (UserDayLate); they exist only
        // beside a block (RollupTables.mergeUserDays). The day's whole list is written out as a
        // block of its own, and read as one.
        var late = try Self.lateEntries(db, firstDay: firstDay, endDay: endDay)
        var marks: [Int32] = late.isEmpty ? [] : Array(repeating: 0, count: userCount)
        var merged: [UserDayBlock.Entry] = []
        try RawRow.each(db, "SELECT day, users FROM ru_user_day_blocks WHERE day >= ? AND day < ? ORDER BY day", [firstDay, endDay]) { row in
            let day = row.int(0)
            if let placed = late.removeValue(forKey: day) {
                merged.removeAll(keepingCapacity: true)
                UserDayLate.each(row.blobBytes(1), placed: placed, marks: &marks) { merged.append($0) }
                try UserDayBlock.encode(ordered: merged).withUnsafeBytes { try add($0, day: day) }
            } else {
                try add(row.blobBytes(1), day: day)
            }
        }
        append(edgeRows.lazy.filter { $0.key.day >= endDay })
        return rows
    }

    /// The late entries of the days `firstDay..<endDay` (`ru_user_day_late`), by day, as stored.
    static func lateEntries(_ db: Database, firstDay: Int, endDay: Int) throws -> [Int: [UserDayLate.Placed]] {
        var late: [Int: [UserDayLate.Placed]] = [:]
        try RawRow.each(db, "SELECT day, users FROM ru_user_day_late WHERE day >= ? AND day < ?", [firstDay, endDay]) { row in
            var entries: [UserDayLate.Placed] = []
            UserDayLate.decode(row.blobBytes(1)) { entries.append($0) }
            late[row.int(0)] = entries
        }
        return late
    }

    /// Each user's totals over the whole days `firstDay..<endDay` of the day blocks and the
    /// partial days of `edges`, without the rows of each day: summed by rollup user number, and
    /// only the users met numbered in `users` (by their bytes, as ``userDays`` numbers them).
    static func userTotals(
        _ db: Database, firstDay: Int, endDay: Int, edges: [(key: UserDayKey, value: UserActivity)], users: inout TextInterner
    ) throws -> UserDayRowsBuilder {
        let userCount = (try Int.fetchOne(db, sql: "SELECT max(number) FROM ru_users") ?? -1) + 1
        var byNumber = [UserActivity](repeating: UserActivity(), count: userCount)
        // The spans lying whole in the window from their blocks (UserSpans), the days around
        // them from the day blocks.
        let spans = UserSpans.whole(firstDay: firstDay, endDay: endDay)
        try UserSpans.sum(db, spans: spans, into: &byNumber)
        let dayRanges = spans.isEmpty
            ? [(firstDay, endDay)] : [(firstDay, spans.lowerBound * UserSpans.days), (spans.upperBound * UserSpans.days, endDay)]
        for (first, end) in dayRanges where first < end {
            try sumDays(db, firstDay: first, endDay: end, into: &byNumber)
        }
        var totals = UserDayRowsBuilder()
        let met = byNumber.indices.filter { byNumber[$0].events > 0 }
        users.reserveCapacity(users.count + met.count + edges.count)
        if !met.isEmpty {
            var names: [String?] = Array(repeating: nil, count: byNumber.count)
            try RawRow.each(db, "SELECT number, user_id FROM ru_users", []) { row in
                if row.int(0) < names.count { names[row.int(0)] = row.text(1) }
            }
            for number in met { totals.add(user: users.number(names[number] ?? ""), byNumber[number]) }
        }
        for (key, value) in edges { totals.add(user: users.number(key.userId), value) }
        return totals
    }

    /// Adds each user's activity over the days `firstDay..<endDay` of the day blocks (and their
    /// late entries) into `byNumber`, by rollup user number (grown as needed).
    static func sumDays(_ db: Database, firstDay: Int, endDay: Int, into byNumber: inout [UserActivity]) throws {
        // A day's late entries replace its block's entries for their users (UserDayLate).
        var late = try lateEntries(db, firstDay: firstDay, endDay: endDay)
        var marks: [Int32] = late.isEmpty ? [] : Array(repeating: 0, count: byNumber.count)
        func add(_ entry: UserDayBlock.Entry) {
            if entry.user >= byNumber.count {
                byNumber.append(contentsOf: repeatElement(UserActivity(), count: entry.user + 1 - byNumber.count))
            }
            byNumber[entry.user].merge(entry.activity)
        }
        try RawRow.each(db, "SELECT day, users FROM ru_user_day_blocks WHERE day >= ? AND day < ?", [firstDay, endDay]) { row in
            if let placed = late.removeValue(forKey: row.int(0)) {
                UserDayLate.each(row.blobBytes(1), placed: placed, marks: &marks, add)
            } else {
                UserDayBlock.sum(row.blobBytes(1), into: &byNumber)
            }
        }
    }

    /// Each user's activity per local day in `part`, from the time and user of its raw events
    /// alone (a partial day holds up to a day of events): users numbered by their bytes, one
    /// `String` per user rather than per event.
    static func foldUsers(
        _ db: Database, _ part: TimeWindow, _ watermark: Int64, _ folder: inout Folder, into edge: inout Aggregates
    ) throws {
        var users = TextInterner()
        var days: [Int: [UserActivity]] = [:]
        var day = Int.min
        var activity: [UserActivity] = []
        try eachUserEvent(db, part, watermark, after: 0) { bytes, time in
            let eventDay = folder.day(of: time)
            if eventDay != day {
                if day != .min { days[day] = activity }
                day = eventDay
                activity = days[day] ?? []
            }
            let user = users.number(bytes)
            if user >= activity.count { activity.append(contentsOf: repeatElement(UserActivity(), count: user + 1 - activity.count)) }
            activity[user].add(time)
        }
        if day != .min { days[day] = activity }
        for (day, activity) in days {
            for (user, value) in activity.enumerated() where value.events > 0 {
                edge.userDays[UserDayKey(day: day, userId: users.strings[user]), default: UserActivity()].merge(value)
            }
        }
    }

    /// The user days of the events in `part` with ids in `(lower, watermark]`, tallied straight
    /// from the bytes of their user ids (``UserDayTally``): the read-ahead of a rebuild's user
    /// days makes its batch from this, with no `String` per user day and no dictionary of them.
    static func tallyUsers(
        _ db: Database, _ part: TimeWindow, _ watermark: Int64, after lower: Int64, _ folder: inout Folder,
        into tally: inout UserDayTally
    ) throws {
        try eachUserEvent(db, part, watermark, after: lower) { bytes, time in
            tally.add(bytes, day: folder.day(of: time), time: time)
        }
    }

    /// The UTF-8 bytes of the user id (valid during the call) and the time of each event in
    /// `part` that has a user, with an id in `(lower, watermark]`: read from the time index alone.
    private static func eachUserEvent(
        _ db: Database, _ part: TimeWindow, _ watermark: Int64, after lower: Int64,
        _ body: (UnsafeBufferPointer<UInt8>, Int64) -> Void
    ) throws {
        let (time, bounds) = EventTimeIndex.window(part.start, part.end)
        try RawRow.each(
            db, "SELECT ts, user_id FROM events WHERE \(time) AND id > ? AND id <= ? AND user_id IS NOT NULL",
            StatementArguments(bounds + [lower, watermark])
        ) { row in
            guard let bytes = row.bytes(1) else { return }
            body(bytes, row.int64(0))
        }
    }
}
