public import Model

/// The raw-event parts every window ending at one instant shares.
public enum SharedEdge: Sendable, CaseIterable {
    /// The partial local hour before the end (the slot families).
    case hour
    /// The partial local day before the end (per-user activity).
    case day
}

extension AnalyticsStore {
    /// Reads into `edges` the part `edge` of the windows ending at `end`, as their loads would
    /// (the same key, so they find it done). A batch reads the two parts on two threads before
    /// the windows need them: otherwise the first window to reach a part reads it while the
    /// others wait for it, leaving cores idle.
    public func readSharedEdge(_ edge: SharedEdge, endingAt end: Int64, settings: RollupSettings, edges: WindowEdges) throws(StoreError) {
        let calendar = settings.calendar
        try read { db in
            guard let watermark = try Self.rollupWatermark(db, settings) else { return }
            var folder = Folder(roles: settings.roles, calendar: calendar)
            var ignored = Aggregates()
            switch edge {
            case .hour:
                let part = Self.lastPartialHour(before: end, calendar)
                guard !part.isEmpty else { return }
                try edges.merge(.init(part: part, users: false, lean: false, watermark: watermark), into: &ignored) { edge in
                    try Self.foldSlots(db, part, watermark, lean: false, &folder, into: &edge)
                }
            case .day:
                let part = Self.lastPartialDay(before: end, calendar)
                guard !part.isEmpty else { return }
                try edges.merge(.init(part: part, users: true, lean: false, watermark: watermark), into: &ignored) { edge in
                    try Self.foldUsers(db, part, watermark, &folder, into: &edge)
                }
            }
        }
    }
}
