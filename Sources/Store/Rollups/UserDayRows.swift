/// A window's user-day rows (``UserDayRow``) in 8 bytes each rather than 16: a user number and
/// a 32-bit count per row, the days as runs (the rows come grouped by day), and the rare count
/// that does not fit 32 bits kept apart by its row. Reads as the array of rows it was given.
///
/// The four ranges of a site build over a year of 200,000 users hold ~10 million rows until
/// their downloads are written; as plain rows they were 170 MB of a 250 MB budget (issue 16).
public struct UserDayRows: RandomAccessCollection, Sendable {
    private struct Packed {
        var user: Int32
        /// The row's events, or `UInt32.max` when they are in ``large``.
        var events: UInt32
    }

    /// Consecutive rows on one day: the day, and the index after its last row.
    private struct Run {
        var day: Int32
        var end: Int
    }

    private var packed: [Packed] = []
    private var runs: [Run] = []
    /// The events of the rows whose count is negative or does not fit below `UInt32.max`.
    private var large: [Int: Int64] = [:]

    public init() {}

    public init(_ rows: some Sequence<UserDayRow>) {
        for row in rows { append(row) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { packed.count }

    public subscript(position: Int) -> UserDayRow {
        row(position, day: day(at: position))
    }

    public mutating func append(_ row: UserDayRow) {
        let index = packed.count
        if row.events >= 0 && row.events < Int64(UInt32.max) {
            packed.append(Packed(user: row.user, events: UInt32(row.events)))
        } else {
            packed.append(Packed(user: row.user, events: .max))
            large[index] = row.events
        }
        if let last = runs.indices.last, runs[last].day == row.day {
            runs[last].end = index + 1
        } else {
            runs.append(Run(day: row.day, end: index + 1))
        }
    }

    /// Appends a row on `day` for each of `users`, with the events `events` gives for its index
    /// there: what an ``append(_:)`` per row does, with one run for all of them.
    mutating func append(day: Int32, users: [Int32], events: (Int) -> Int64) {
        guard !users.isEmpty else { return }
        let first = packed.count
        for (index, user) in users.enumerated() {
            let count = events(index)
            if count >= 0 && count < Int64(UInt32.max) {
                packed.append(Packed(user: user, events: UInt32(count)))
            } else {
                packed.append(Packed(user: user, events: .max))
                large[first + index] = count
            }
        }
        if let last = runs.indices.last, runs[last].day == day {
            runs[last].end = packed.count
        } else {
            runs.append(Run(day: day, end: packed.count))
        }
    }

    /// Calls `body` with the user number, the day and the events of each row of `range`, in
    /// order, following the runs of days rather than searching them.
    public func forEach(in range: Range<Int>, _ body: (Int32, Int32, Int64) throws -> Void) rethrows {
        guard !range.isEmpty else { return }
        precondition(range.upperBound <= packed.count, "UserDayRows range out of bounds")
        var run = self.run(at: range.lowerBound)
        for position in range {
            while runs[run].end <= position { run += 1 }
            let row = row(position, day: runs[run].day)
            try body(row.user, row.day, row.events)
        }
    }

    public mutating func reserveCapacity(_ count: Int) {
        packed.reserveCapacity(count)
    }

    private func row(_ position: Int, day: Int32) -> UserDayRow {
        let stored = packed[position]
        let events = stored.events == .max ? large[position]! : Int64(stored.events)
        return UserDayRow(user: stored.user, day: day, events: events)
    }

    /// The day of the row at `position`.
    private func day(at position: Int) -> Int32 {
        runs[run(at: position)].day
    }

    /// The run of the row at `position`: the first run ending after it.
    private func run(at position: Int) -> Int {
        precondition(position >= 0 && position < packed.count, "UserDayRows index out of range")
        var (low, high) = (0, runs.count - 1)
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].end > position { high = middle } else { low = middle + 1 }
        }
        return low
    }

    public func makeIterator() -> Iterator { Iterator(rows: self) }

    /// Reads the rows in order, following the runs of days rather than searching them.
    public struct Iterator: IteratorProtocol {
        let rows: UserDayRows
        var position = 0
        var run = 0

        public mutating func next() -> UserDayRow? {
            guard position < rows.packed.count else { return nil }
            while rows.runs[run].end <= position { run += 1 }
            defer { position += 1 }
            return rows.row(position, day: rows.runs[run].day)
        }
    }
}
