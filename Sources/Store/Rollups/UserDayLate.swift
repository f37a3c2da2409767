internal import Foundation
internal import Model

/// A day's late entries as stored in `ru_user_day_late`, beside the day's block
/// (``UserDayBlock``): the users whose activity that day changed or began after the block was
/// written, each with its whole activity for the day, which replaces the block's entry for the
/// user. In the list's order, each entry with the index of the first stored entry it goes before;
/// 32 bytes little-endian each: that index (UInt32), then the entry as a block holds it.
///
/// Readers merge the two by those indexes (``each(_:placed:marks:_:)``) without comparing a
/// single id: the ids were compared once, by the merge that wrote the entries.
enum UserDayLate {
    static let entrySize = 32

    /// An entry and the index of the stored entry it goes before.
    struct Placed: Equatable {
        var position: Int
        var entry: UserDayBlock.Entry
    }

    /// The late entries of a day with `changes` made: each user's whole activity — its late entry
    /// as stored in `late`, or its entry in `block`, or none — with its part of `delta` added, in
    /// the list's order and placed in `block`. Nil when `block` is not in order of events (never
    /// written so). `marks` is scratch space by user number (all zero before and after).
    static func placed(
        late: [Int: UserActivity], delta: [Int: UserActivity], in block: UnsafeRawBufferPointer, _ order: UserDayBlock.Order,
        marks: inout [Int32]
    ) -> [Placed]? {
        var users = Array(late.keys)
        for user in delta.keys where late[user] == nil { users.append(user) }
        var values = users.map { late[$0] }
        if let largest = users.max(), largest >= marks.count { marks.append(contentsOf: repeatElement(0, count: largest + 1 - marks.count)) }
        for (index, user) in users.enumerated() { marks[user] = Int32(index + 1) }
        defer { for user in users { marks[user] = 0 } }
        let count = block.count / UserDayBlock.entrySize
        var previous = Int64.max
        for index in 0..<count {
            let entry = UserDayBlock.entry(block, at: index)
            guard entry.activity.events <= previous else { return nil }
            previous = entry.activity.events
            if entry.user < marks.count, marks[entry.user] > 0, values[Int(marks[entry.user]) - 1] == nil {
                values[Int(marks[entry.user]) - 1] = entry.activity
            }
        }
        var entries: [UserDayBlock.Entry] = users.indices.map { index in
            var activity = values[index] ?? UserActivity()
            if let more = delta[users[index]] { activity.merge(more) }
            return UserDayBlock.Entry(user: users[index], activity: activity)
        }
        entries = UserDayBlock.sorted(entries, order)
        // Each goes before the first stored entry it precedes; the indexes never decrease.
        var low = 0
        return entries.map { entry in
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if UserDayBlock.precedes(UserDayBlock.entry(block, at: middle), entry, order) { low = middle + 1 } else { high = middle }
            }
            return Placed(position: low, entry: entry)
        }
    }

    /// Calls `body` with a day's entries in the list's order: those of `block` that no late entry
    /// replaces, and the `placed` late entries before the stored entries they were placed before.
    static func each(
        _ block: UnsafeRawBufferPointer, placed: [Placed], marks: inout [Int32], _ body: (UserDayBlock.Entry) throws -> Void
    ) rethrows {
        if let largest = placed.map(\.entry.user).max(), largest >= marks.count {
            marks.append(contentsOf: repeatElement(0, count: largest + 1 - marks.count))
        }
        for late in placed { marks[late.entry.user] = 1 }
        defer { for late in placed { marks[late.entry.user] = 0 } }
        let count = block.count / UserDayBlock.entrySize
        var next = 0
        func stored(upTo end: Int) throws {
            while next < min(end, count) {
                let entry = UserDayBlock.entry(block, at: next)
                if entry.user >= marks.count || marks[entry.user] == 0 { try body(entry) }
                next += 1
            }
        }
        for late in placed {
            try stored(upTo: late.position)
            try body(late.entry)
        }
        try stored(upTo: count)
    }

    static func encode(_ placed: [Placed]) -> Data {
        var data = Data(count: placed.count * entrySize)
        data.withUnsafeMutableBytes { buffer in
            for (index, late) in placed.enumerated() {
                buffer.storeBytes(of: UInt32(late.position).littleEndian, toByteOffset: index * entrySize, as: UInt32.self)
                UserDayBlock.store(late.entry, in: buffer, at: index * entrySize + 4)
            }
        }
        return data
    }

    /// A day's whole list sorted anew: `block`'s entries, replaced by `late`'s, with `delta`
    /// added. For what ``placed(late:delta:in:_:marks:)`` cannot place: a block out of order,
    /// or late entries without a block (neither is ever written so).
    static func wholeSorted(
        late: [Int: UserActivity], delta: [Int: UserActivity], block: UnsafeRawBufferPointer, _ order: UserDayBlock.Order
    ) -> [UserDayBlock.Entry] {
        var whole: [Int: UserActivity] = [:]
        UserDayBlock.decode(block) { whole[$0.user] = $0.activity }
        whole.merge(late) { $1 }
        for (user, more) in delta { whole[user, default: UserActivity()].merge(more) }
        return UserDayBlock.sorted(whole.map { UserDayBlock.Entry(user: $0.key, activity: $0.value) }, order)
    }

    /// Calls `body` with each late entry as stored.
    static func decode(_ bytes: UnsafeRawBufferPointer, _ body: (Placed) throws -> Void) rethrows {
        for offset in stride(from: 0, to: bytes.count - entrySize + 1, by: entrySize) {
            let position = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            let entry = UserDayBlock.entry(UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + entrySize)]), at: 0)
            try body(Placed(position: position, entry: entry))
        }
    }
}
