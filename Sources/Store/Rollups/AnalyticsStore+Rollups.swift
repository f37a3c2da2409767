public import Model
internal import Logging
internal import GRDB
internal import Foundation

/// How rollups are folded: the zone of their slots and days, and the event roles.
public struct RollupSettings: Sendable, Hashable {
    public var roles: EventRoles
    public var calendar: ZoneCalendar

    public init(roles: EventRoles, calendar: ZoneCalendar) {
        self.roles = roles
        self.calendar = calendar
    }

    /// Rollups folded under another fingerprint are rebuilt (`v2`: with the daily tier; `v3`:
    /// numbered users and per-day user blocks).
    var fingerprint: String {
        "v3|\(calendar.identifier)|p=\(roles.processed.joined(separator: ","))|e=\(roles.error.joined(separator: ","))"
            + "|m=\(roles.modelGenerated.joined(separator: ","))"
    }
}

/// What a rollup refresh did.
public struct RollupRefresh: Sendable, Hashable {
    /// Events folded by this refresh.
    public var folded: Int
    /// The id of the last event now folded.
    public var watermark: Int64
    /// True when the rollups were rebuilt from scratch (first run, `--full`, or a config change).
    public var rebuilt: Bool
    /// Merges done key by key — the delta's rows appended beside the stored ones (few events
    /// over many hours: late ones) — rather than by rewriting the hours and days they touch.
    public var mergedByKey = 0
}

extension AnalyticsStore {
    /// Folds the events added since the last refresh into the rollups, in id spans of at most
    /// `chunkSize` events per worker (memory stays bounded), each span folded on `workers`
    /// threads (default: the cores), each on its own WAL reader; only the merge of each span
    /// takes the write lock, briefly, so ingest keeps writing meanwhile. The watermark becomes the
    /// largest id committed when the refresh began.
    ///
    /// Out-of-order spans of more than `usersByDayAbove` events fold their user days day by day
    /// (``readUserDays(_:after:upTo:_:workers:entryLimit:)``); tests lower it to exercise that path.
    ///
    /// A rebuild (first run, `full`, or another fingerprint) writes shadow tables in transactions of
    /// a few milliseconds and swaps them in at the end (``RollupShadow``): readers see the old
    /// rollups until then, and other writers of the file never wait for more than one slice.
    public func refreshRollups(
        _ settings: RollupSettings, full: Bool = false, chunkSize: Int = 250_000,
        workers: Int? = nil, usersByDayAbove: Int64 = AnalyticsStore.usersByDayAbove
    ) throws(StoreError) -> RollupRefresh {
        try refreshRollups(settings, full: full, chunkSize: chunkSize, workers: workers, usersByDayAbove: usersByDayAbove, slices: RebuildSlices())
    }

    /// ``refreshRollups(_:full:chunkSize:workers:usersByDayAbove:)`` with a rebuild's writes cut as
    /// `slices` says.
    func refreshRollups(
        _ settings: RollupSettings, full: Bool = false, chunkSize: Int = 250_000,
        workers: Int? = nil, usersByDayAbove: Int64 = AnalyticsStore.usersByDayAbove, slices: RebuildSlices
    ) throws(StoreError) -> RollupRefresh {
        // The drop the last refresh left running ends first: it never meets this one's writes.
        cleanup.waitUntilDone()
        let fingerprint = settings.fingerprint
        // Whether to rebuild is decided on a reader, so that a rebuild's first fold runs while the
        // writer makes the shadow tables.
        let state = try read { db in
            try Row.fetchOne(db, sql: "SELECT fingerprint, watermark FROM rollup_state WHERE id = 1").map {
                (fingerprint: $0[0] as String, watermark: $0[1] as Int64)
            }
        }
        let rebuilt = full || state?.fingerprint != fingerprint
        func refuseRebuildAfterPrune(_ db: Database) throws {
            if let retention = try Self.rawRetention(db), retention.prunedEvents > 0 {
                throw StoreError.rollupsHoldPrunedEvents(path: path, rawSince: retention.rawSince, full: full)
            }
        }
        if rebuilt { try read(refuseRebuildAfterPrune) }
        var watermark: Int64 = rebuilt ? 0 : state?.watermark ?? 0
        // Only events committed when the refresh starts: later ones wait for the next refresh.
        let upper: Int64 = try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM events") } ?? 0
        let workers = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, 8))
        var folded = 0
        var mergedByKey = 0
        // While one span's delta is merged into the tables (the write lock), the next span is
        // already being folded on the other cores. At least six spans when there is enough to
        // fold, so that the first fold and the last merge (which overlap nothing) stay short —
        // but no span under 100,000 events a worker: each merge rewrites every hour and day its
        // span touches, and a small refresh (new events of the last hours) is one span.
        // Events out of time order (merged archives, stragglers) are the exception: there every
        // span touches nearly every hour and day, its delta is as large as the whole fold's, and
        // each merge would rewrite all of the rollups again — so they are folded in one span.
        let inOrder = try isInTimeOrder(after: watermark, upTo: upper)
        let span = inOrder
            ? min(Int64(chunkSize * workers), max(Int64(100_000 * workers), (upper - watermark + 5) / 6))
            : max(1, upper - watermark)
        // Such a span's user days cover every day at once: millions of user-day entries with many
        // users (two 400 MB dictionaries at 10M events × 200,000 users). Above a few hundred
        // thousand events they are read day by day instead, from the time index, beside the
        // span's fold or merge (``readUserDays(_:after:upTo:_:workers:entryLimit:)``); a few late events keep the delta's.
        let usersByDay = !inOrder && upper - watermark > usersByDayAbove
        func start(after lower: Int64) -> FoldJob? {
            guard lower < upper else { return nil }
            let end = min(upper, lower + span)
            return FoldJob(parts: Self.split(lower, end, into: workers), end: end) { part throws(StoreError) in
                try self.fold(ids: part, settings, users: !usersByDay)
            }
        }
        var next = start(after: watermark)
        defer { _ = next?.wait() }  // never leave a reader running after an error
        // The merges' writer commits often; its WAL checkpoints (copies and fsyncs) run beside it.
        let checkpoints = next == nil ? nil : try CheckpointsBeside.start(self)
        var checkpointsHandedOver = false
        defer { if !checkpointsHandedOver { checkpoints?.end() } }
        // A rebuild writes shadow tables in short transactions and swaps them in at the end
        // (RollupShadow): readers keep the old rollups meanwhile, and an ingest daemon writing to
        // the same file waits for one slice at a time, not for the whole merge.
        // The tables the last rebuild swapped out are dropped once this refresh has merged, on a
        // thread of their own, while its caller computes and writes the reports (a rebuild drops
        // them with the rest of what earlier rebuilds left). Beside the merges, the drop's write
        // slices only delayed them. A refresh with nothing to fold leaves them to the next one
        // that folds: that refresh's reports come from a warm run, too short to hide the drop
        // (0.3 s of a 0.8 s run at 1M events × 200,000 users, right after a rebuild).
        let rebuild = rebuilt ? try beginRebuild(slices, refuse: refuseRebuildAfterPrune) : nil
        let dropsOldTables = !rebuilt && next != nil
        // Loaded by the first merge, then kept up to date by each (a concurrent refresh would
        // have moved the watermark, which every merge checks first).
        var directory: UserDirectory?
        // Each user's totals per span of days (UserSpans): a live merge writes its spans before
        // its transaction ends; a rebuild's accumulate across its merges while they stay in one
        // span (a rebuild in time order wrote a 5.6 MB span block for every span of ~250,000
        // events at 200,000 users) and are written before the swap.
        var spans = UserSpans()
        do {
            while let job = next {
                let expected = watermark
                // A rebuild of up to `earlyUsersUpTo` events out of time order (one span) reads and
                // merges its user days while the span's hour slots are still being folded, over
                // the days the time index holds events in, on one reader: the writer, which every
                // later step waits on, starts at once. Other spans read them once folded (the days
                // their delta holds), beside the merge of their hour slots: a larger fold's delta
                // held beside the writer's user directory would pass the memory bound.
                let early = usersByDay && rebuild != nil && job.end - expected <= Self.earlyUsersUpTo
                    ? readUserDays(try eventDays(settings.calendar), after: expected, upTo: job.end, settings, workers: 1, entryLimit: 100_000)
                    : nil
                defer { early?.finish() }  // never leave a reader running after an error
                var late: UserDayReadAhead?
                defer { late?.finish() }
                var count = 0
                func collect() throws(StoreError) -> FoldedSpan {
                    let fold = try job.wait().get()
                    next = start(after: job.end)
                    count = fold.count
                    if usersByDay && early == nil && fold.count > 0 {
                        late = readUserDays(Self.days(of: fold.delta, settings.calendar), after: expected, upTo: job.end, settings, workers: workers)
                    }
                    return fold
                }
                // Takes the span out of `pending`: its delta is freed once its hour slots are
                // merged, before the user days read after it are (at 10M events out of order ×
                // 200,000 users, memory while they are merged: 224 MB → ~150 MB).
                func mergeSpan(_ db: Database, _ target: RollupTarget, _ pending: inout FoldedSpan?) throws {
                    guard var fold = pending, fold.count > 0 else { return }
                    pending = nil
                    var known = fold.users.isEmpty && !usersByDay ? UserDirectory() : try directory ?? UserDirectory.load(db, target: target)
                    if try Self.merge(
                        fold.delta, fold.users, into: db, calendar: settings.calendar, directory: &known, spans: &spans, target: target)
                    {
                        mergedByKey += 1
                    }
                    let hadUsers = !fold.users.isEmpty
                    if let late {
                        fold = FoldedSpan(delta: Aggregates(), users: UserDayBatch(), count: fold.count)
                        try target.unlocked { Self.releaseFreedMemory() }
                        try foldUsersByDay(db, from: late, directory: &known, spans: &spans, target: target)
                    }
                    if hadUsers || usersByDay { directory = known }
                }
                if let rebuild {
                    var span = early == nil ? try collect() : nil
                    try writeInSlices(rebuild) { db, slices in
                        let target = RollupTarget.shadow(slices)
                        if let early {
                            var known = try directory ?? UserDirectory.load(db, target: target)
                            try foldUsersByDay(db, from: early, directory: &known, spans: &spans, target: target)
                            directory = known
                            span = try target.unlocked { try collect() }
                        }
                        try mergeSpan(db, target, &span)
                    }
                } else {
                    var span: FoldedSpan? = try collect()
                    try write { db in
                        // A merge into the live tables is one transaction. Late events append rows
                        // to every hour's slot indexes and rewrite the user-day blocks of every day:
                        // with SQLite's default 2 MiB page cache, dirty pages spilled to the WAL and
                        // were read back and written again (100,000 late events at 10M: 2.37–2.59 s
                        // → 2.19–2.26 s with 32 MiB, memory 185–192 → 194–198 MB).
                        try db.execute(sql: "PRAGMA cache_size = -32768")
                        defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
                        let current = try Int64.fetchOne(db, sql: "SELECT watermark FROM rollup_state WHERE id = 1")
                        guard current == expected else {
                            throw StoreError.failed(path: path, reason: "rollups refreshed concurrently by another build")
                        }
                        try mergeSpan(db, .live, &span)
                        try spans.flush(db, target: .live)
                        try db.execute(
                            sql: "UPDATE rollup_state SET watermark = ?, folded_at = ? WHERE id = 1",
                            arguments: [job.end, Clock.nowMilliseconds()])
                    }
                }
                watermark = job.end
                folded += count
                logger.debug("folded events into rollups", metadata: ["events": "\(count)", "watermark": "\(job.end)"])
            }
            if let rebuild {
                try writeInSlices(rebuild) { db, slices in try spans.flush(db, target: .shadow(slices)) }
                try finishRebuild(rebuild, fingerprint: fingerprint, watermark: watermark, refuse: refuseRebuildAfterPrune)
            }
        } catch {
            if let rebuild { discardRebuild(rebuild) }
            throw error
        }
        if folded > 0 { Self.releaseFreedMemory() }
        if dropsOldTables {
            // The drop keeps the checkpoints beside it and gives the writer its own back when
            // done: ended here, they would wait for the writer, which the drop holds to its end
            // (the reports after 10,000 late events at 1M waited 0.08–0.11 s of 0.45 s).
            let (budget, pause) = (slices.budget, slices.pause)
            checkpointsHandedOver = true
            cleanup.start(logger: logger) {
                defer { checkpoints?.end() }
                try self.dropOldTables(RebuildSlices(budget: budget, pause: pause))
            }
        }
        return RollupRefresh(folded: folded, watermark: watermark, rebuilt: rebuilt, mergedByKey: mergedByKey)
    }

    /// Gives the memory the fold threads freed back to the system (`malloc_trim`): their malloc
    /// arenas would otherwise keep it while the report threads allocate in arenas of their own.
    static func releaseFreedMemory() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }

    /// Folds the events with ids in `span` (lower bound excluded) on a reader of its own: the
    /// hour-slot families, and with `users` each user's days.
    private func fold(ids span: (Int64, Int64), _ settings: RollupSettings, users: Bool) throws(StoreError) -> SpanFold {
        var folder = SlotFolder(roles: settings.roles, calendar: settings.calendar)
        try read { db in try folder.fold(db, where: "id > ? AND id <= ?", arguments: [span.0, span.1], users: users) }
        return SpanFold(delta: folder.aggregates(), users: folder.users, count: folder.count)
    }

    /// `(lower, upper]` cut into `parts` spans of about equal size.
    static func split(_ lower: Int64, _ upper: Int64, into parts: Int) -> [(Int64, Int64)] {
        let size = max(1, (upper - lower + Int64(parts) - 1) / Int64(parts))
        return stride(from: lower, to: upper, by: Int(size)).map { ($0, min(upper, $0 + size)) }
    }

    /// The first event time ever stored, if any: the first raw event's, or before a prune
    /// (``pruneRawEvents(before:settings:batchSize:)``) the first one it deleted.
    public func earliestEventTime() throws(StoreError) -> Int64? {
        try read { db in
            let raw = try EventTimeIndex.extreme(first: true, db)
            return [raw, try Self.rawRetention(db)?.firstEvent].compactMap { $0 }.min()
        }
    }
}

