internal import Foundation
internal import Model
internal import PostgresNIO

/// How events travel to and from PostgreSQL's `events` table: parameterised multi-row INSERTs,
/// COPY's text format, and rows read back as ``StoredEvent``s. The columns are SQLite's
/// (``EventInserter/columns``), in the same order.
enum PostgresEventRows {
    /// The 14 columns written for each event (`id` and `xact_id` take their defaults).
    static let columns: [String] = EventInserter.columns
        .split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Rows per INSERT statement: 14 × 1 000 = 14 000 parameters, below the protocol's 65 535.
    static let rowsPerStatement = 1_000

    /// `SELECT` list that ``storedEvent(_:)`` reads.
    static let selectList =
        "id, " + columns.joined(separator: ", ") + ", xact_id::text"

    /// One INSERT of `events` (at most ``rowsPerStatement``), returning the new ids.
    static func insertQuery(_ events: ArraySlice<TrackedEvent>, receivedAt: Int64) -> PostgresQuery {
        var binds = PostgresBindings(capacity: events.count * columns.count)
        var sql = "INSERT INTO events (" + columns.joined(separator: ", ") + ") VALUES "
        var parameter = 0
        for (row, event) in events.enumerated() {
            sql += row == 0 ? "(" : ", ("
            for column in 0..<columns.count {
                parameter += 1
                sql += (column == 0 ? "$" : ", $") + String(parameter)
            }
            sql += ")"
            binds.append(event.timestamp)
            binds.append(receivedAt)
            binds.append(event.eventType)
            binds.append(event.serviceName)
            binds.append(event.userId)
            binds.append(event.eventData)
            binds.append(event.fields.deviceType)
            binds.append(event.fields.processingTimeMs)
            binds.append(event.fields.fileSizeMb)
            binds.append(event.fields.errorType)
            binds.append(event.fields.errorMessage)
            binds.append(event.fields.service)
            binds.append(event.fields.modelComplexity)
            binds.append(event.fields.parametersExtracted)
        }
        sql += " RETURNING id"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// A row of `SELECT \(selectList)` and its transaction id.
    static func storedEvent(_ row: PostgresRow) throws -> (event: StoredEvent, transaction: UInt64) {
        let cells = row.makeRandomAccess()
        func text(_ index: Int) throws -> String? { try cells[index].decode(String?.self) }
        func number(_ index: Int) throws -> Double? { try cells[index].decode(Double?.self) }
        let transactionText = try cells[15].decode(String.self)
        guard let transaction = UInt64(transactionText) else {
            throw StoreError.failed(path: "events", reason: "unreadable transaction id \(transactionText)")
        }
        let event = StoredEvent(
            id: try cells[0].decode(Int64.self), ts: try cells[1].decode(Int64.self),
            receivedAt: try cells[2].decode(Int64.self), eventType: try cells[3].decode(String.self),
            serviceName: try text(4), userId: try text(5), eventData: try cells[6].decode(String.self),
            deviceType: try text(7), processingTimeMs: try number(8), fileSizeMb: try number(9),
            errorType: try text(10), errorMessage: try text(11), errorService: try text(12),
            modelComplexity: try text(13), parametersExtracted: try number(14))
        return (event, transaction)
    }

    /// One event as a line of COPY's text format (tab-separated, `\N` for NULL, backslash escapes).
    static func copyLine(_ event: TrackedEvent, receivedAt: Int64, into line: inout String) {
        line += String(event.timestamp)
        line += "\t" + String(receivedAt)
        append(event.eventType, to: &line)
        append(event.serviceName, to: &line)
        append(event.userId, to: &line)
        append(event.eventData, to: &line)
        append(event.fields.deviceType, to: &line)
        append(event.fields.processingTimeMs, to: &line)
        append(event.fields.fileSizeMb, to: &line)
        append(event.fields.errorType, to: &line)
        append(event.fields.errorMessage, to: &line)
        append(event.fields.service, to: &line)
        append(event.fields.modelComplexity, to: &line)
        append(event.fields.parametersExtracted, to: &line)
        line += "\n"
    }

    private static func append(_ value: String?, to line: inout String) {
        line += "\t"
        guard let value else {
            line += "\\N"
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": line += "\\\\"
            case "\t": line += "\\t"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            default: line.unicodeScalars.append(scalar)
            }
        }
    }

    /// Doubles as PostgreSQL reads them back exactly (Swift's shortest round-trip digits).
    private static func append(_ value: Double?, to line: inout String) {
        line += "\t"
        guard let value else {
            line += "\\N"
            return
        }
        if value.isNaN {
            line += "NaN"
        } else if value.isInfinite {
            line += value < 0 ? "-Infinity" : "Infinity"
        } else {
            line += value.description
        }
    }
}
