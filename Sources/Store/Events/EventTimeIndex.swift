internal import GRDB

/// How the events table is read by time: through `events_by_bucket`, an index on
/// `(ts >> 22, id, ts, user_id)` (migration `0012-time-bucket-index`).
///
/// Why buckets and not `ts`: a new event goes into the index after every event of its bucket
/// (~70 minutes; ids only grow), not at its own place in time. Events arriving late or in
/// random order then land at a few thousand bucket ends, whose pages stay in the page cache,
/// instead of at random places among every page of a `ts` index: at 10M events, 100,000 late
/// events wrote most of that index again (2.0–2.4 s in `sqlite3` alone, against 0.5 s with
/// buckets). The index still holds the time and user, so a window's raw parts are read from
/// it alone, in id order within a bucket.
///
/// SQLite uses the index only for the expression as written here: every query by time says
/// which buckets it reads (``window(_:_:)``, ``before(_:)``) and keeps its own exact bounds
/// on `ts`. `>>` is an arithmetic shift, so a bucket is `floor(ts / 2²²)` for negative times too.
enum EventTimeIndex {
    /// Bits of a millisecond time below its bucket: 2²² ms, about 70 minutes.
    static let shift: Int64 = 22
    /// The indexed expression, exactly as the index and the queries spell it.
    static let bucket = "ts >> 22"

    /// The bucket of `time`.
    static func bucket(of time: Int64) -> Int64 { time >> shift }

    /// `ts` in `[start, end)`: the condition and its four arguments.
    static func window(_ start: Int64, _ end: Int64) -> (sql: String, arguments: [Int64]) {
        guard end > start else { return ("0", []) }
        return ("\(bucket) BETWEEN ? AND ? AND ts >= ? AND ts < ?", [bucket(of: start), bucket(of: end - 1), start, end])
    }

    /// `ts` before `cutoff`: the condition and its two arguments.
    static func before(_ cutoff: Int64) -> (sql: String, arguments: [Int64]) {
        cutoff == .min ? ("0", []) : ("\(bucket) <= ? AND ts < ?", [bucket(of: cutoff - 1), cutoff])
    }

    /// The earliest (`first`) or latest event time among the events matching `condition`
    /// (`"1"` for all), read from the first or last bucket that has one; nil when none does.
    static func extreme(
        first: Bool, _ db: Database, where condition: String = "1", arguments: [Int64] = []
    ) throws -> Int64? {
        let order = first ? "" : " DESC"
        let function = first ? "min" : "max"
        return try Int64.fetchOne(
            db,
            sql: """
                SELECT \(function)(ts) FROM events WHERE \(condition) AND \(bucket) =
                    (SELECT \(bucket) FROM events WHERE \(condition) ORDER BY \(bucket)\(order) LIMIT 1)
                """, arguments: StatementArguments(arguments + arguments))
    }
}
