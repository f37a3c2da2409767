internal import GRDB
internal import GRDBSQLite
internal import Foundation

/// Steps a statement through the SQLite C API and hands each row's columns out directly —
/// several times faster than GRDB row objects for the hundreds of thousands of rollup rows a
/// report window reads.
struct RawRow {
    let handle: OpaquePointer

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// The UTF-8 bytes of a text column, valid until the next step; nil for NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The bytes of a blob column, valid until the next step.
    func blobBytes(_ column: Int32) -> UnsafeRawBufferPointer {
        guard let pointer = sqlite3_column_blob(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    func blob(_ column: Int32) -> Data {
        guard let pointer = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    static func each(_ db: Database, _ sql: String, _ arguments: StatementArguments, _ body: (RawRow) throws -> Void) throws {
        try each(db, try db.makeStatement(sql: sql), arguments, body)
    }

    /// The same through a statement prepared once (run many times).
    static func each(_ db: Database, _ statement: Statement, _ arguments: StatementArguments, _ body: (RawRow) throws -> Void) throws {
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
            try body(RawRow(handle: handle))
        }
    }
}

/// Runs one prepared statement many times with direct binds (see ``RawRow``): the inserts and
/// updates of a merge.
struct RawInsert {
    enum Value {
        case int(Int64)
        case double(Double)
        case text(String?)
        case blob(Data)
    }

    private let statement: Statement
    private let db: Database

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    func run(_ values: Value...) throws {
        try rows(values) { _ in }
    }

    /// Runs the statement once with `values` bound in order.
    func run(binding values: [Value]) throws {
        try rows(values) { _ in }
    }

    private func rows(_ values: [Value], _ body: (RawRow) throws -> Void) throws {
        let handle = statement.sqliteStatement
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .int(let number): sqlite3_bind_int64(handle, index, number)
            case .double(let number): sqlite3_bind_double(handle, index, number)
            case .text(nil): sqlite3_bind_null(handle, index)
            case .text(var text?):
                // The string's own bytes and length: no C string made per bind (and a NUL inside
                // stays). An empty string has no address, which SQLite would take for NULL.
                text.withUTF8 { bytes in
                    if let base = bytes.baseAddress, !bytes.isEmpty {
                        base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                            _ = sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
                        }
                    } else {
                        _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    }
                }
            case .blob(let data):
                data.withUnsafeBytes { bytes in
                    _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
                }
            }
        }
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(RawRow(handle: handle))
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
