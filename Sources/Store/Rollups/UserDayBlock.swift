internal import Foundation
internal import Model

/// One local day of per-user activity as stored in `ru_user_day_blocks`: an entry per user
/// active that day, in the user_activity order (events descending, then user id by UTF-8
/// bytes), each entry 28 bytes little-endian — user number (UInt32), events, first and last
/// event time (Int64 each).
enum UserDayBlock {
    static let entrySize = 28

    struct Entry: Equatable {
        var user: Int
        var activity: UserActivity
    }

    /// The list's order of users with equal counts: by id, compared as bytes — or, when a
    /// merge sorts many more entries than there are users (a rebuild), by each user's rank
    /// among all ids, sorted once.
    struct Order {
        let names: [String]
        private var ranks: [Int32] = []

        init(_ names: [String], sorting entries: Int) {
            self.names = names
            guard entries > 4 * names.count else { return }
            let sorted = names.indices.sorted { UTF8Order.precedes(names[$0], names[$1]) }
            ranks = Array(repeating: 0, count: names.count)
            for (rank, user) in sorted.enumerated() { ranks[user] = Int32(rank) }
        }

        /// The order of `names` by `ranks` (each name's rank by its UTF-8 bytes, by number).
        init(_ names: [String], ranks: [Int32]) {
            self.names = names
            self.ranks = ranks
        }

        func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
            ranks.isEmpty ? UTF8Order.precedes(names[lhs], names[rhs]) : ranks[lhs] < ranks[rhs]
        }
    }

    /// Whether `lhs` comes before `rhs` in the list: more events first, then ids by UTF-8 bytes.
    static func precedes(_ lhs: Entry, _ rhs: Entry, _ order: Order) -> Bool {
        if lhs.activity.events != rhs.activity.events { return lhs.activity.events > rhs.activity.events }
        return order.precedes(lhs.user, rhs.user)
    }

    /// `entries` in the list's order.
    static func sorted(_ entries: [Entry], _ order: Order) -> [Entry] {
        entries.sorted { precedes($0, $1, order) }
    }

    /// Encodes entries already in the list's order.
    static func encode(ordered: [Entry]) -> Data {
        var data = Data(count: ordered.count * entrySize)
        data.withUnsafeMutableBytes { buffer in
            for (index, entry) in ordered.enumerated() { store(entry, in: buffer, at: index * entrySize) }
        }
        return data
    }

    /// Writes `entry`'s 28 bytes at `offset` of `buffer`.
    static func store(_ entry: Entry, in buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        buffer.storeBytes(of: UInt32(entry.user).littleEndian, toByteOffset: offset, as: UInt32.self)
        buffer.storeBytes(of: entry.activity.events.littleEndian, toByteOffset: offset + 4, as: Int64.self)
        buffer.storeBytes(of: entry.activity.first.littleEndian, toByteOffset: offset + 12, as: Int64.self)
        buffer.storeBytes(of: entry.activity.last.littleEndian, toByteOffset: offset + 20, as: Int64.self)
    }

    /// The entry at `index` of a block.
    static func entry(_ block: UnsafeRawBufferPointer, at index: Int) -> Entry {
        let offset = index * entrySize
        return Entry(
            user: Int(UInt32(littleEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt32.self))),
            activity: UserActivity(
                events: Int64(littleEndian: block.loadUnaligned(fromByteOffset: offset + 4, as: Int64.self)),
                first: Int64(littleEndian: block.loadUnaligned(fromByteOffset: offset + 12, as: Int64.self)),
                last: Int64(littleEndian: block.loadUnaligned(fromByteOffset: offset + 20, as: Int64.self))))
    }

    /// Calls `body` with each entry of a block, in its stored order.
    static func decode(_ block: UnsafeRawBufferPointer, _ body: (Entry) throws -> Void) rethrows {
        for index in 0..<(block.count / entrySize) { try body(entry(block, at: index)) }
    }

    /// The largest user number of a block's entries (-1 when it has none).
    static func largestUser(_ block: UnsafeRawBufferPointer) -> Int {
        var largest = -1
        for index in 0..<(block.count / entrySize) {
            largest = max(largest, Int(UInt32(littleEndian: block.loadUnaligned(fromByteOffset: index * entrySize, as: UInt32.self))))
        }
        return largest
    }

    /// ``sum(_:into:)`` into an array by user number, grown first to hold the block's users.
    static func sum(_ block: UnsafeRawBufferPointer, into totals: inout [UserActivity]) {
        let largest = largestUser(block)
        if largest >= totals.count { totals.append(contentsOf: repeatElement(UserActivity(), count: largest + 1 - totals.count)) }
        totals.withUnsafeMutableBufferPointer { sum(block, into: $0) }
    }

    /// Merges each entry's activity into `totals[entry.user]`; every entry's user must be below
    /// `totals.count` (``largestUser(_:)``). What ``decode(_:_:)`` and a merge per entry do,
    /// without a call per entry: a year's blocks hold 30 million entries, summed each night for
    /// the all-time business report's top users (issue 16).
    static func sum(_ block: UnsafeRawBufferPointer, into totals: UnsafeMutableBufferPointer<UserActivity>) {
        for index in 0..<(block.count / entrySize) {
            let entry = entry(block, at: index)
            precondition(entry.user < totals.count, "UserDayBlock.sum: user \(entry.user) past \(totals.count) totals")
            totals[entry.user].merge(entry.activity)
        }
    }
}
