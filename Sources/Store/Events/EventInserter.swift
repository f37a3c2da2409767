internal import Model
internal import GRDB
internal import GRDBSQLite

/// Inserts events through one prepared statement, binding straight through the SQLite C API
/// (GRDB's argument arrays cost more than the insert itself at a few hundred thousand rows a
/// second). Lives only inside one write transaction.
struct EventInserter {
    private let statement: Statement
    private let receivedAt: Int64

    static let sql = """
        INSERT INTO events (ts, received_at, event_type, service_name, user_id, event_data,
            device_type, processing_time_ms, file_size_mb, error_type, error_message, error_service,
            model_complexity, parameters_extracted)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    init(_ db: Database, receivedAt: Int64) throws {
        statement = try db.cachedStatement(sql: Self.sql)
        self.receivedAt = receivedAt
    }

    /// Inserts one event; returns its id.
    @discardableResult
    func insert(_ event: TrackedEvent, in db: Database) throws -> Int64 {
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, event.timestamp)
        sqlite3_bind_int64(handle, 2, receivedAt)
        bind(event.eventType, at: 3)
        bind(event.serviceName, at: 4)
        bind(event.userId, at: 5)
        bind(event.eventData, at: 6)
        let fields = event.fields
        bind(fields.deviceType, at: 7)
        bind(fields.processingTimeMs, at: 8)
        bind(fields.fileSizeMb, at: 9)
        bind(fields.errorType, at: 10)
        bind(fields.errorMessage, at: 11)
        bind(fields.service, at: 12)
        bind(fields.modelComplexity, at: 13)
        bind(fields.parametersExtracted, at: 14)
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: Self.sql)
        }
        return sqlite3_last_insert_rowid(db.sqliteConnection)
    }

    private func bind(_ value: String?, at index: Int32) {
        let handle = statement.sqliteStatement
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let bound = value.utf8.withContiguousStorageIfAvailable { bytes in
            sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
        if bound == nil {
            sqlite3_bind_text(handle, index, value, -1, Self.transient)
        }
    }

    private func bind(_ value: Double?, at index: Int32) {
        if let value {
            sqlite3_bind_double(statement.sqliteStatement, index, value)
        } else {
            sqlite3_bind_null(statement.sqliteStatement, index)
        }
    }

    /// SQLite copies the bytes (SQLITE_TRANSIENT, a macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
