internal import Model
internal import Store

/// Per-user totals of a window (by the window's user numbers).
struct UserTotals {
    let names: [String]
    /// By user number; users without a row in the window have no events.
    let totals: [UserActivity]

    init(_ data: WindowData) {
        names = data.userNames
        totals = data.userTotals
    }

    /// The numbers of the users active in the window.
    var active: [Int] { totals.indices.filter { totals[$0].events > 0 } }

    /// The numbers of the active users by activity descending, then user id (``UTF8Order``);
    /// only the first `limit` when given (the top ten of 200,000 users sorts only the users with
    /// at least the tenth's count).
    func ranked(limit: Int? = nil) -> [Int] {
        let (totals, names) = (self.totals, self.names)
        var candidates = active
        if let limit, candidates.count > limit {
            let least = Self.largest(limit, of: candidates.lazy.map { totals[$0].events })
            candidates = candidates.filter { totals[$0].events >= least }
        }
        // Each candidate sorts by a key of plain integers: its events, then the first 8 bytes of
        // its id (big-endian, zero-padded: their order is the bytes' order, and ids of up to 8
        // bytes never tie). Only ids that share those 8 bytes compare the rest, by `memcmp`
        // where the ids lie one after another. No `String` is opened in the sort.
        var bytes: [UInt8] = []
        var keys: [RankKey] = []
        keys.reserveCapacity(candidates.count)
        for user in candidates {
            let start = bytes.count
            bytes.append(contentsOf: names[user].utf8)
            keys.append(RankKey(events: totals[user].events, bytes: bytes[start...], start: start, user: user))
        }
        bytes.withUnsafeBufferPointer { bytes in
            keys.sort { lhs, rhs in
                if lhs.events != rhs.events { return lhs.events > rhs.events }
                if lhs.prefix != rhs.prefix { return lhs.prefix < rhs.prefix }
                return UTF8Order.precedes(in: bytes, (lhs.start, lhs.count), (rhs.start, rhs.count))
            }
        }
        candidates = keys.map(\.user)
        guard let limit else { return candidates }
        return Array(candidates.prefix(limit))
    }

    /// The `k`-th largest of `counts` (which has at least `k`; `k` ≥ 1): the largest `k` kept in
    /// order as the counts go by, rather than all of them sorted — a top ten of 200,000 users.
    static func largest(_ k: Int, of counts: some Sequence<Int64>) -> Int64 {
        guard k <= 64 else { return counts.sorted(by: >)[k - 1] }
        var top: [Int64] = []  // descending
        top.reserveCapacity(k + 1)
        for count in counts where top.count < k || count > top[top.count - 1] {
            let place = top.firstIndex { $0 < count } ?? top.count
            top.insert(count, at: place)
            if top.count > k { top.removeLast() }
        }
        return top[k - 1]
    }
}

/// A user's place in the ranking: events, then id bytes (the first 8 packed into an integer).
private struct RankKey {
    var events: Int64
    var prefix: UInt64
    var start: Int
    var count: Int
    var user: Int

    init(events: Int64, bytes: ArraySlice<UInt8>, start: Int, user: Int) {
        self.events = events
        var prefix: UInt64 = 0
        for (index, byte) in bytes.prefix(8).enumerated() { prefix |= UInt64(byte) << (56 - 8 * index) }
        self.prefix = prefix
        self.start = start
        count = bytes.count
        self.user = user
    }
}
