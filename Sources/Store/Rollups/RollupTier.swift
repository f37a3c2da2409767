/// The two resolutions of the slot families: local hours (`ru_…`, every family) and local days
/// (`rd_…`, the families reports bucket by day — not hours, whose hour of day is a dimension).
/// A daily row's `slot` is the UTC start of its local day.
enum RollupTier: Sendable {
    case hourly, daily

    var prefix: String { self == .hourly ? "ru_" : "rd_" }

    /// The families this tier holds.
    var families: RollupFamilies { self == .hourly ? .all.subtracting(.users) : [.types, .timings, .dimensions, .models, .errors] }
}
