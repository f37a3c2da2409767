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

    /// Encodes `entries`, putting them in the list's order (`names` gives each user's id).
    static func encode(_ entries: [Entry], names: [String]) -> Data {
        let ordered = entries.sorted { lhs, rhs in
            if lhs.activity.events != rhs.activity.events { return lhs.activity.events > rhs.activity.events }
            return UTF8Order.precedes(names[lhs.user], names[rhs.user])
        }
        var data = Data(count: ordered.count * entrySize)
        data.withUnsafeMutableBytes { buffer in
            for (index, entry) in ordered.enumerated() {
                let offset = index * entrySize
                buffer.storeBytes(of: UInt32(entry.user).littleEndian, toByteOffset: offset, as: UInt32.self)
                buffer.storeBytes(of: entry.activity.events.littleEndian, toByteOffset: offset + 4, as: Int64.self)
                buffer.storeBytes(of: entry.activity.first.littleEndian, toByteOffset: offset + 12, as: Int64.self)
                buffer.storeBytes(of: entry.activity.last.littleEndian, toByteOffset: offset + 20, as: Int64.self)
            }
        }
        return data
    }

    /// Calls `body` with each entry of a block, in its stored order.
    static func decode(_ block: UnsafeRawBufferPointer, _ body: (Entry) throws -> Void) rethrows {
        for offset in stride(from: 0, to: block.count - entrySize + 1, by: entrySize) {
            try body(Entry(
                user: Int(UInt32(littleEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt32.self))),
                activity: UserActivity(
                    events: Int64(littleEndian: block.loadUnaligned(fromByteOffset: offset + 4, as: Int64.self)),
                    first: Int64(littleEndian: block.loadUnaligned(fromByteOffset: offset + 12, as: Int64.self)),
                    last: Int64(littleEndian: block.loadUnaligned(fromByteOffset: offset + 20, as: Int64.self)))))
        }
    }
}
