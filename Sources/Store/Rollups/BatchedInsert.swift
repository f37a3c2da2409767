internal import GRDB

/// Inserts rows into one table many to a statement run (`INSERT INTO t VALUES (…), (…), …`):
/// SQLite's cost of a run (step, reset, the program's setup) is paid once per
/// ``rowsPerRun`` rows instead of once a row. A rebuild inserts hundreds of thousands of rollup
/// rows and user numbers on the writer, which every later step waits for; 64 rows a run
/// took 0.064 s where one row a run took 0.104 s (77,760 `ru_types` rows with their index, one
/// transaction, measured with the C API alone).
///
/// Rows wait in memory until a run is full; ``rows(_:into:columns:onConflict:rowsPerRun:_:)``
/// inserts what is left when its body returns, so none is forgotten. The rows of one call land
/// in the order added, in whichever transaction is open at each run: a rebuild's slices may
/// commit between two rows (``RollupTarget/tick()``), as they did one row a run.
final class BatchedInsert {
    static let defaultRowsPerRun = 64

    private let db: Database
    private let table: String
    private let columns: Int
    private let onConflict: String
    private let rowsPerRun: Int
    private var pending: [RawInsert.Value] = []
    private var full: RawInsert?

    private init(_ db: Database, table: String, columns: Int, onConflict: String, rowsPerRun: Int) {
        precondition(columns > 0 && rowsPerRun > 0)
        self.db = db
        self.table = table
        self.columns = columns
        self.onConflict = onConflict
        self.rowsPerRun = rowsPerRun
        pending.reserveCapacity(columns * rowsPerRun)
    }

    /// Runs `body`, which adds rows of `columns` values each (all columns, in the table's order)
    /// to `table`, then inserts the rows still waiting. `onConflict` follows the values (an
    /// upsert clause, `excluded.` naming each row's own values).
    static func rows(
        _ db: Database, into table: String, columns: Int, onConflict: String = "", rowsPerRun: Int = defaultRowsPerRun,
        _ body: (BatchedInsert) throws -> Void
    ) throws {
        let insert = BatchedInsert(db, table: table, columns: columns, onConflict: onConflict, rowsPerRun: rowsPerRun)
        try body(insert)
        try insert.flush()
    }

    /// Adds a row; a full run is inserted at once.
    func add(_ values: RawInsert.Value...) throws {
        precondition(values.count == columns, "a row of \(table) has \(columns) values")
        pending.append(contentsOf: values)
        guard pending.count == columns * rowsPerRun else { return }
        if full == nil { full = try RawInsert(db, Self.sql(table, columns: columns, rows: rowsPerRun, onConflict)) }
        try full!.run(binding: pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Inserts the rows waiting now, with a statement made for their number (before a statement
    /// that must see them).
    func flush() throws {
        guard !pending.isEmpty else { return }
        try RawInsert(db, Self.sql(table, columns: columns, rows: pending.count / columns, onConflict)).run(binding: pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// `INSERT INTO table VALUES (?, …), …` for `rows` rows.
    static func sql(_ table: String, columns: Int, rows: Int, _ onConflict: String = "") -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        let values = Array(repeating: row, count: rows).joined(separator: ", ")
        return "INSERT INTO \(table) VALUES \(values)" + (onConflict.isEmpty ? "" : " " + onConflict)
    }
}
