internal import GRDB

extension RollupTables {
    /// Whether appending `delta`'s rows (``insert(_:_:tier:addingHours:)`` with hours added)
    /// writes less than rewriting the slots it touches (listed in `temp.ru_affected`): when those
    /// slots hold more stored rows than the delta has keys (late events, a few per hour over many
    /// hours; never a rebuild, whose slots are empty). A key may then have several rows, which
    /// every load adds together; once the slots hold twice as many rows as distinct keys, they
    /// are rewritten instead, which merges each key's rows into one — so reads stay within about
    /// twice the rows.
    static func appendIsSmaller(_ delta: Aggregates, _ db: Database, target: RollupTarget = .live) throws -> Bool {
        guard !delta.types.isEmpty else { return false }
        let affected = "slot IN (SELECT slot FROM temp.ru_affected)"
        let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(target.table("ru_types")) WHERE \(affected)") ?? 0
        guard delta.types.count < stored else { return false }
        let keys = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM (SELECT 1 FROM \(target.table("ru_types")) WHERE \(affected) GROUP BY slot, event_type, service_name)
            """) ?? 0
        return stored <= keys * 2
    }
}
