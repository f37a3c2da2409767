internal import GRDB
internal import Model

/// How generated data departs from the demo's own shape, for benchmarks on data the code was not
/// shaped for: many distinct users, events arriving out of time order, late events.
public struct DemoShape: Sendable, Hashable {
    /// Distinct user ids (nil: the demo's few thousand).
    public var users: Int?
    /// Percent of the events (0–100) that arrive at a random place instead of in time order:
    /// 100 is a random arrival order (archives of several services merged), 10 a mostly ordered
    /// stream with stragglers.
    public var outOfOrderPercent: Double = 0
    /// Percent more events (relative to the count asked for) whose times lie anywhere in the last
    /// 95 days, arriving after all the others (the last ids).
    public var latePercent: Double = 0

    public init(users: Int? = nil, outOfOrderPercent: Double = 0, latePercent: Double = 0) {
        self.users = users
        self.outOfOrderPercent = outOfOrderPercent
        self.latePercent = latePercent
    }

    func lateCount(of eventCount: Int) -> Int {
        Int((Double(eventCount) * latePercent / 100).rounded())
    }
}

/// Gives stored events another arrival order, in bounded memory: each event gets a sort key —
/// its position in time order or, for the displaced ones, a random position — and SQLite's
/// sorter (which spills to disk) rewrites the table in key order, so ids follow arrival, not
/// time. Late events keep their places at the end.
struct DemoArrival {
    let shape: DemoShape
    let seed: UInt64

    func reorder(_ store: AnalyticsStore, lateCount: Int) throws {
        var random = SeededRandom(seed: seed &+ 0x5eed)
        let probability = shape.outOfOrderPercent / 100
        let columns = EventInserter.columns
        try store.write { db in
            guard let first = try Int.fetchOne(db, sql: "SELECT min(id) FROM events"),
                let last = try Int.fetchOne(db, sql: "SELECT max(id) FROM events")
            else { return }
            let lateStart = last - lateCount + 1
            try db.execute(sql: "CREATE TEMP TABLE demo_arrival (id INTEGER PRIMARY KEY, arrival INTEGER NOT NULL)")
            let statement = try db.makeStatement(sql: "INSERT INTO temp.demo_arrival VALUES (?, ?)")
            for id in first...last {
                let arrival = id < lateStart && random.chance(probability) ? random.int(first...(lateStart - 1)) : id
                try statement.execute(arguments: [id, arrival])
            }
            try db.execute(sql: """
                CREATE TEMP TABLE demo_reordered AS
                    SELECT \(columns) FROM events JOIN temp.demo_arrival USING (id) ORDER BY arrival, id;
                DELETE FROM events;
                INSERT INTO events (\(columns)) SELECT \(columns) FROM temp.demo_reordered ORDER BY rowid;
                DROP TABLE temp.demo_reordered;
                DROP TABLE temp.demo_arrival;
                """)
        }
    }
}
