internal import GRDB

extension AnalyticsStore {
    /// Applies `durability` to the writer connection.
    ///
    /// GRDB's `DatabasePool` runs `PRAGMA synchronous = NORMAL` on its writer when it switches
    /// the file to WAL, after `prepareDatabase` has run, so the `.full` asked for at open does not
    /// hold on the writer without this. The ingest daemon calls it once after opening.
    public func applyWriterDurability(_ durability: Durability) throws(StoreError) {
        let level = durability == .full ? "FULL" : "NORMAL"
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(level)") }
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    /// The writer connection's `synchronous` setting as SQLite reports it: `off`, `normal`,
    /// `full` or `extra`.
    public func writerSynchronous() throws(StoreError) -> String {
        do {
            let value = try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } ?? -1
            switch value {
            case 0: return "off"
            case 1: return "normal"
            case 2: return "full"
            case 3: return "extra"
            default: return "unknown (\(value))"
            }
        } catch {
            throw Self.translate(error, path: path)
        }
    }
}
