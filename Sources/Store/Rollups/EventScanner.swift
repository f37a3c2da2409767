internal import Model
internal import GRDB
internal import GRDBSQLite

/// Streams the columns folding needs straight from SQLite (no row objects): the fold of ten
/// million events is bound by this loop.
struct EventScanner {
    static let columns = """
        id, ts, event_type, service_name, user_id, device_type, processing_time_ms, file_size_mb,
        error_type, error_message, error_service, model_complexity, parameters_extracted
        """
    /// Only what the families of ``RollupFamilies/lean`` fold from (the other columns NULL).
    static let leanColumns = """
        id, ts, event_type, service_name, user_id, NULL, processing_time_ms, NULL, NULL, NULL, NULL, NULL, NULL
        """

    /// Calls `body` for each event matching `whereClause` (bound with `arguments`), in id order when asked.
    static func scan(
        _ db: Database, where whereClause: String, arguments: StatementArguments, limit: Int? = nil,
        inIdOrder: Bool = false, lean: Bool = false, _ body: (Int64, FoldedEvent) throws -> Void
    ) throws {
        // Without an order, SQLite is free to use the time index for a time range; `ORDER BY id`
        // would make it walk the whole table in id order.
        let sql = "SELECT \(lean ? leanColumns : columns) FROM events WHERE \(whereClause)" + (inIdOrder ? " ORDER BY id" : "")
            + (limit.map { " LIMIT \($0)" } ?? "")
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let event = FoldedEvent(
                timestamp: sqlite3_column_int64(handle, 1), eventType: text(handle, 2) ?? "",
                serviceName: text(handle, 3), userId: text(handle, 4),
                fields: EventFields(
                    deviceType: text(handle, 5), processingTimeMs: real(handle, 6), fileSizeMb: real(handle, 7),
                    errorType: text(handle, 8), errorMessage: text(handle, 9), service: text(handle, 10),
                    modelComplexity: text(handle, 11), parametersExtracted: real(handle, 12)))
            try body(sqlite3_column_int64(handle, 0), event)
        }
    }

    private static func text(_ handle: OpaquePointer, _ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private static func real(_ handle: OpaquePointer, _ column: Int32) -> Double? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_double(handle, column)
    }
}

/// Turns events into slot/day coordinates and folds them (shared by rollups and direct queries).
struct Folder {
    let roles: EventRoles
    var offsets: OffsetCache

    init(roles: EventRoles, calendar: ZoneCalendar) {
        self.roles = roles
        offsets = OffsetCache(calendar)
    }

    /// The local day of an instant.
    mutating func day(of time: Int64) -> Int {
        offsets.calendar.localDay(time, offset: offsets.offset(at: time))
    }

    mutating func fold(_ event: FoldedEvent, into aggregates: inout Aggregates, slots: Bool = true, users: Bool = true) {
        let offset = offsets.offset(at: event.timestamp)
        let calendar = offsets.calendar
        aggregates.fold(
            event, role: roles.role(of: event.eventType), slot: calendar.hourStart(event.timestamp, offset: offset),
            day: calendar.localDay(event.timestamp, offset: offset), slots: slots, users: users)
    }
}
