public import Model

/// Deterministic colours for series names. A build passes every series name it knows
/// (services, event types, device types) once; each name then keeps its colour in every chart.
/// Names it was not given get a colour from a hash of the name, moved on to a free colour when
/// it collides inside one chart.
///
/// The colours are Okabe–Ito's colour-blind-safe set (black dropped, yellow darkened for
/// contrast on white), extended with three darker variants for charts with many series.
public struct SeriesPalette: Sendable, Equatable {
    /// Okabe–Ito order: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow
    /// (darkened), then darker variants of the first four for charts with many series.
    static let colors: [RGB] = [
        0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0xCC79A7, 0x56B4E9, 0xD9C400,
        0x004C77, 0x9E6D00, 0x006B4F, 0x8E3F00,
    ].map { RGB(hex: $0) }

    /// Names hashed onto the palette use only the six most distinct colours.
    static let hashedColors = 6

    /// The original service's event types keep meaningful colours everywhere: processed blue,
    /// models green, errors vermillion.
    public static let wellKnown: [String: Int] = [
        "document_processed": 0, "processed": 0, "spice_model_generated": 2, "processing_error": 3, "error": 3,
        "errors": 3,
    ]

    private let assigned: [String: Int]

    /// Colours in the order of `names`, sorted so that the order in which a build discovers them
    /// does not matter.
    public init(names: [String] = []) {
        var assigned = Self.wellKnown
        let pinned = Set(Self.wellKnown.values)
        let free = Self.colors.indices.filter { !pinned.contains($0) }
        var next = 0
        for name in Set(names).sorted() where assigned[name] == nil {
            assigned[name] = free[next % free.count]
            next += 1
        }
        self.assigned = assigned
    }

    /// A palette registering every series name of `charts` (what a site build passes).
    public init(collecting charts: [ChartDescription]) {
        self.init(names: charts.flatMap(\.seriesNames))
    }

    /// The default palette (no names registered: hash-based).
    public static let standard = SeriesPalette()

    /// The palette index a name gets on its own.
    public func index(for name: String) -> Int {
        if name == "Other" || name == "Previous period" { return -1 }
        if let i = assigned[name] { return i }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a, stable across runs (unlike hashValue)
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return Int(hash % UInt64(Self.hashedColors))
    }

    /// Colours for the series of one chart: each its own colour, distinct within the chart.
    func colors(for names: [String]) -> [RGB] {
        var used = Set<Int>()
        return names.map { name in
            var i = index(for: name)
            if i < 0 { return Theme.other }
            if assigned[name] == nil && used.contains(i) {
                let h = Self.hashedColors
                let candidates = (1..<h).map { (i + $0) % h } + Array(h..<Self.colors.count)
                i = candidates.first { !used.contains($0) } ?? i
            }
            used.insert(i)
            return Self.colors[i]
        }
    }
}
