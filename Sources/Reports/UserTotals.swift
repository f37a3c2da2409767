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
        candidates.sort { lhs, rhs in
            let (left, right) = (totals[lhs].events, totals[rhs].events)
            return left != right ? left > right : UTF8Order.precedes(names[lhs], names[rhs])
        }
        guard let limit else { return candidates }
        return Array(candidates.prefix(limit))
    }
}
