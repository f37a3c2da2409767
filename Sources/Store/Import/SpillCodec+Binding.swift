internal import GRDB
internal import GRDBSQLite

extension SpillCodec {
    /// The event time of a payload (its first 8 bytes); nil when it is shorter.
    static func time(_ payload: UnsafeBufferPointer<UInt8>) -> Int64? {
        var reader = Reader(bytes: payload)
        return reader.integer(UInt64.self).map { Int64(bitPattern: $0) }
    }

    /// The ``EventInserter`` column (1-based, within a row) of each optional field's bit, and
    /// whether the field is a number.
    private static let optionalColumns: [(column: Int32, number: Bool)] = [
        (4, false), (5, false), (7, false), (8, true), (9, true), (10, false), (11, false), (12, false), (13, false), (14, true),
    ]

    /// Binds the event of `payload` as row `row` of an insert of ``EventInserter/columns``: what
    /// ``decode(_:)`` and ``EventInserter`` would bind, its texts taken from the payload's bytes
    /// (SQLite copies them) without making the event — no string is allocated and freed per
    /// field. False when the payload is not one whole event record (a line record is decoded
    /// before it is bound, ``SortedLines``).
    static func bind(_ payload: UnsafeBufferPointer<UInt8>, to handle: SQLiteStatement, row: Int32, receivedAt: Int64) -> Bool {
        var reader = Reader(bytes: payload)
        guard let time = reader.integer(UInt64.self), let mask = reader.integer(UInt16.self),
            mask & lineFlag == 0, let eventType = reader.text(), let eventData = reader.text()
        else { return false }
        let base = row * EventInserter.columnCount
        sqlite3_bind_int64(handle, base + 1, Int64(bitPattern: time))
        sqlite3_bind_int64(handle, base + 2, receivedAt)
        EventInserter.bindText(eventType, handle, base + 3)
        EventInserter.bindText(eventData, handle, base + 6)
        for (bit, field) in optionalColumns.enumerated() {
            let index = base + field.column
            guard mask & (1 << bit) != 0 else {
                sqlite3_bind_null(handle, index)
                continue
            }
            if field.number {
                guard let value = reader.integer(UInt64.self) else { return false }
                sqlite3_bind_double(handle, index, Double(bitPattern: value))
            } else {
                guard let text = reader.text() else { return false }
                EventInserter.bindText(text, handle, index)
            }
        }
        return reader.position == payload.count
    }
}
