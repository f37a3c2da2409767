internal import GRDB
internal import Foundation

extension RollupTables {
    /// At most one late entry a day for every `lateShare` entries of its block; past that, the
    /// two are merged into one block.
    static let lateShare = 4

    /// Merges a span's user days (``UserDayBatch``, and so first event times) into `ru_users`
    /// (through `directory`, loaded once a refresh and kept up to date) and the days they touch,
    /// and adds each day's changes to `spans` (``UserSpans``), which the caller flushes before
    /// its transaction ends (a rebuild's shadows: before the swap).
    ///
    /// A day with no block yet gets the batch's entries as they are, already in order (every day
    /// of a rebuild, and each new day). A day that has a block keeps it as stored: the entries
    /// the batch changes or adds become the day's late entries (`ru_user_day_late`, a small
    /// block of ``UserDayLate`` entries), each with the place in the stored list it goes before,
    /// and readers put them there (``UserDayLate/each(_:placed:marks:_:)``). Only once they pass a
    /// quarter of the block are the two merged into one block. So late events cost what their
    /// number says: 100,000 of them over 90 days of 10M events × 200,000 users rewrote every
    /// day's block, 100 MB, to change 1 % of its entries.
    static func mergeUserDays(
        _ batch: UserDayBatch, into db: Database, directory: inout UserDirectory, spans: inout UserSpans,
        target: RollupTarget = .live
    ) throws {
        guard !batch.isEmpty else { return }
        let numbers = try directory.record(batch.names, firsts: batch.firsts, db, target: target)
        var order: UserDayBlock.Order?
        var marks: [Int32] = []
        let (blocks, lateTable) = (target.table("ru_user_day_blocks"), target.table("ru_user_day_late"))
        let readBlock = try db.makeStatement(sql: "SELECT users FROM \(blocks) WHERE day = ?")
        let readLate = try db.makeStatement(sql: "SELECT users FROM \(lateTable) WHERE day = ?")
        let writeBlock = try RawInsert(db, "INSERT OR REPLACE INTO \(blocks) (day, users) VALUES (?, ?)")
        let writeLate = try RawInsert(db, "INSERT OR REPLACE INTO \(lateTable) (day, users) VALUES (?, ?)")
        let deleteLate = try RawInsert(db, "DELETE FROM \(lateTable) WHERE day = ?")
        for (day, fresh) in batch.days {
            var late: [Int: UserActivity] = [:]
            try RawRow.each(db, readLate, [day]) { row in UserDayLate.decode(row.blobBytes(0)) { late[$0.entry.user] = $0.entry.activity } }
            var delta: [Int: UserActivity] = [:]
            delta.reserveCapacity(fresh.count)
            for entry in fresh { delta[numbers[entry.user], default: UserActivity()].merge(entry.activity) }
            try spans.add(day: day, delta, db: db, target: target)
            // What the day's rows become, decided while its block is read (its overflow pages
            // read only when there is one), written once that read is done.
            var newLate: Data?
            var newBlock: Data?
            try RawRow.each(db, readBlock, [day]) { row in
                if order == nil { order = UserDayBlock.Order(directory.names, sorting: batch.entryCount) }
                let block = row.blobBytes(0)
                let count = block.count / UserDayBlock.entrySize
                let placed = UserDayLate.placed(late: late, delta: delta, in: block, order!, marks: &marks)
                if let placed, placed.count * lateShare <= count {
                    newLate = UserDayLate.encode(placed)
                    return
                }
                var entries: [UserDayBlock.Entry] = []
                entries.reserveCapacity(count + (placed?.count ?? 0))
                if let placed {
                    UserDayLate.each(block, placed: placed, marks: &marks) { entries.append($0) }
                } else {
                    entries = UserDayLate.wholeSorted(late: late, delta: delta, block: block, order!)
                }
                newBlock = UserDayBlock.encode(ordered: entries)
            }
            if let newLate {
                try writeLate.run(.int(Int64(day)), .blob(newLate))
            } else if let newBlock {
                try writeBlock.run(.int(Int64(day)), .blob(newBlock))
                try deleteLate.run(.int(Int64(day)))
            } else {
                // A new day: the batch's entries are in order. Late entries without a block are
                // never written so; were there any, they are put in order with the rest.
                let entries = late.isEmpty
                    ? fresh.map { UserDayBlock.Entry(user: numbers[$0.user], activity: $0.activity) }
                    : UserDayLate.wholeSorted(
                        late: late, delta: delta, block: UnsafeRawBufferPointer(start: nil, count: 0),
                        order ?? UserDayBlock.Order(directory.names, sorting: 0))
                try writeBlock.run(.int(Int64(day)), .blob(UserDayBlock.encode(ordered: entries)))
                if !late.isEmpty { try deleteLate.run(.int(Int64(day))) }
            }
            try target.tick()
        }
    }
}
