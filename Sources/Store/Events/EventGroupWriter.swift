public import Model

/// Where the ingest daemon's group commits go, whichever the backend: the SQLite file, or
/// PostgreSQL shared by several daemons. The daemon needs nothing else to write.
public protocol EventGroupWriter: Sendable {
    /// Stores every group in one transaction and returns each group's ids, in the groups' order,
    /// only once that transaction has committed: what returns is durable, what throws was not
    /// acknowledged (and, for SQLite, not stored).
    ///
    /// Runs on the caller's executor (`nonisolated(nonsending)`): SQLite's blocking commit stays on
    /// the daemon's writer thread; PostgreSQL's suspends it while the server works.
    nonisolated(nonsending) func commit(_ groups: [[TrackedEvent]]) async throws(StoreError) -> [[Int64]]
}

extension AnalyticsStore: EventGroupWriter {
    /// One SQLite transaction for every group (fsync per commit with `synchronous = FULL`).
    public nonisolated(nonsending) func commit(_ groups: [[TrackedEvent]]) async throws(StoreError) -> [[Int64]] {
        var ids: [[Int64]] = []
        ids.reserveCapacity(groups.count)
        do {
            try withEventTransaction { sink in
                for group in groups {
                    var groupIds: [Int64] = []
                    groupIds.reserveCapacity(group.count)
                    for event in group { groupIds.append(try sink.insert(event)) }
                    ids.append(groupIds)
                }
            }
        } catch {
            throw Self.translate(error, path: path)
        }
        completeCheckpointPass()
        return ids
    }
}
