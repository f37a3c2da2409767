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
            var counts = candidates.map { totals[$0].events }
            counts.sort(by: >)
            let least = counts[limit - 1]
            candidates = candidates.filter { totals[$0].events >= least }
        }
        // Ties compare ids by their bytes, laid out once one after another: a compare is then a
        // `memcmp` where they lie, with no `String` retained or opened (200,000 users sort in
        // about half the time).
        var bytes: [UInt8] = []
        var spans = [(start: Int, count: Int)](repeating: (0, 0), count: names.count)
        for user in candidates {
            let start = bytes.count
            bytes.append(contentsOf: names[user].utf8)
            spans[user] = (start, bytes.count - start)
        }
        bytes.withUnsafeBufferPointer { bytes in
            spans.withUnsafeBufferPointer { spans in
                totals.withUnsafeBufferPointer { totals in
                    candidates.sort { lhs, rhs in
                        let (left, right) = (totals[lhs].events, totals[rhs].events)
                        return left != right ? left > right : UTF8Order.precedes(in: bytes, spans[lhs], spans[rhs])
                    }
                }
            }
        }
        guard let limit else { return candidates }
        return Array(candidates.prefix(limit))
    }
}
