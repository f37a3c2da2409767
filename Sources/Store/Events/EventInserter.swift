internal import Model
internal import GRDB
internal import GRDBSQLite

/// Inserts events through prepared statements, binding straight through the SQLite C API
/// (GRDB's argument arrays cost more than the insert itself at a few hundred thousand rows a
/// second). Bulk loads go through a statement of ``rowsPerStatement`` rows, which saves SQLite
/// most of its per-statement work. Lives only inside one write transaction.
struct EventInserter {
    private let single: Statement
    private let receivedAt: Int64

    static let columns = """
        ts, received_at, event_type, service_name, user_id, event_data, device_type, processing_time_ms,
        file_size_mb, error_type, error_message, error_service, model_complexity, parameters_extracted
        """
    static let columnCount: Int32 = 14
    /// Rows per multi-row INSERT (14 × 64 = 896 parameters, far below SQLite's limit).
    static let rowsPerStatement = 64

    static func sql(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: Int(columnCount)).joined(separator: ",") + ")"
        return "INSERT INTO events (\(columns)) VALUES " + Array(repeating: row, count: rows).joined(separator: ",")
    }

    static let sql = sql(rows: 1)
    static let bulkSQL = sql(rows: rowsPerStatement)

    init(_ db: Database, receivedAt: Int64) throws {
        single = try db.cachedStatement(sql: Self.sql)
        self.receivedAt = receivedAt
    }

    /// Inserts one event; returns its id.
    @discardableResult
    func insert(_ event: TrackedEvent, in db: Database) throws -> Int64 {
        let handle = single.sqliteStatement
        bind(event, to: handle, row: 0)
        try step(handle, db)
        return sqlite3_last_insert_rowid(db.sqliteConnection)
    }

    /// Inserts many events, ``rowsPerStatement`` at a time (ids are not returned).
    ///
    /// With `inTimeOrder` the events go in by event time (ties in the order given), so each page
    /// of the time index is visited once per batch: events arriving in random time order then
    /// cost what ordered ones do, instead of every insert rewriting another index page.
    func insertAll(_ events: [TrackedEvent], inTimeOrder: Bool = false, in db: Database) throws {
        let order = inTimeOrder ? Self.timeOrder(events) : nil
        try insertAll(count: events.count, in: db) { events[order?[$0] ?? $0] }
    }

    /// Inserts `count` events, the `position`th given by `event(position)` (events held
    /// elsewhere go in without being copied into one array).
    func insertAll(count: Int, in db: Database, _ event: (Int) -> TrackedEvent) throws {
        try insertRows(count: count, in: db) { position, handle, row in
            bind(event(position), to: handle, row: row)
            return true
        }
    }

    /// Inserts `count` rows, ``rowsPerStatement`` at a time: `bind(position, statement, row)`
    /// binds the `position`th as row `row` of the statement; false when it
    /// cannot (nothing more is inserted then, and the caller's transaction rolls back).
    func insertRows(count: Int, in db: Database, _ bind: (Int, SQLiteStatement, Int32) -> Bool) throws {
        var index = 0
        if count >= Self.rowsPerStatement {
            let handle = try db.cachedStatement(sql: Self.bulkSQL).sqliteStatement
            while count - index >= Self.rowsPerStatement {
                for row in 0..<Self.rowsPerStatement {
                    guard bind(index + row, handle, Int32(row)) else { throw Self.unboundRow }
                }
                try step(handle, db)
                index += Self.rowsPerStatement
            }
        }
        let handle = single.sqliteStatement
        while index < count {
            guard bind(index, handle, 0) else { throw Self.unboundRow }
            try step(handle, db)
            index += 1
        }
    }

    /// What ``insertRows(count:in:_:)`` throws when a row could not be bound.
    static let unboundRow = DatabaseError(resultCode: .SQLITE_MISUSE, message: "a row to insert could not be read")

    /// Positions of `events` by time, stable; nil when they already are in time order.
    static func timeOrder(_ events: [TrackedEvent]) -> [Int]? {
        var ordered = true
        for index in events.indices.dropFirst() where events[index].timestamp < events[index - 1].timestamp {
            ordered = false
            break
        }
        if ordered { return nil }
        var keys = events.indices.map { (time: events[$0].timestamp, position: $0) }
        keys.sort { $0.time != $1.time ? $0.time < $1.time : $0.position < $1.position }
        return keys.map(\.position)
    }

    private func step(_ handle: SQLiteStatement, _ db: Database) throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: Self.sql)
        }
    }

    /// Binds one event's 14 columns as row `row` of the statement.
    private func bind(_ event: TrackedEvent, to handle: SQLiteStatement, row: Int32) {
        let base = row * Self.columnCount
        sqlite3_bind_int64(handle, base + 1, event.timestamp)
        sqlite3_bind_int64(handle, base + 2, receivedAt)
        bind(event.eventType, handle, base + 3)
        bind(event.serviceName, handle, base + 4)
        bind(event.userId, handle, base + 5)
        bind(event.eventData, handle, base + 6)
        bind(event.fields.deviceType, handle, base + 7)
        bind(event.fields.processingTimeMs, handle, base + 8)
        bind(event.fields.fileSizeMb, handle, base + 9)
        bind(event.fields.errorType, handle, base + 10)
        bind(event.fields.errorMessage, handle, base + 11)
        bind(event.fields.service, handle, base + 12)
        bind(event.fields.modelComplexity, handle, base + 13)
        bind(event.fields.parametersExtracted, handle, base + 14)
    }

    private func bind(_ value: String?, _ handle: SQLiteStatement, _ index: Int32) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let bound: Void? = value.utf8.withContiguousStorageIfAvailable { Self.bindText($0, handle, index) }
        if bound == nil {
            sqlite3_bind_text(handle, index, value, -1, sqliteTransient)
        }
    }

    /// Binds UTF-8 bytes as text (SQLite copies them); none as the empty string, since a nil
    /// pointer would bind NULL. Also used for the import's sort file (``SpillCodec``).
    static func bindText(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: SQLiteStatement, _ index: Int32) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else {
            sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            return
        }
        UnsafeRawPointer(start).withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
            _ = sqlite3_bind_text(handle, index, text, Int32(bytes.count), sqliteTransient)
        }
    }

    private func bind(_ value: Double?, _ handle: SQLiteStatement, _ index: Int32) {
        if let value {
            sqlite3_bind_double(handle, index, value)
        } else {
            sqlite3_bind_null(handle, index)
        }
    }
}

/// SQLite copies the bytes (SQLITE_TRANSIENT, a macro Swift cannot import).
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
