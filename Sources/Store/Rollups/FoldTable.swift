/// A fold's key made of integers: an hour slot and up to two numbered texts (or small codes),
/// packed as the families need them (``SlotFolder``).
struct FoldKey: Equatable, Sendable {
    var slot: Int64
    var rest: UInt64

    /// Two numbers of at most 32 bits (texts numbered by a ``TextInterner``, +1 so that 0 is nil).
    static func pack(_ high: Int, _ low: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: high)) << 32 | UInt64(UInt32(truncatingIfNeeded: low))
    }

    static func high(_ rest: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: rest >> 32)) }
    static func low(_ rest: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: rest)) }
}

/// An open-addressing table from ``FoldKey`` to a value: what a fold updates once per event and
/// family. A `Dictionary` keyed by structs of `String`s hashed every text of every key with
/// SipHash, and compared them byte by byte — half of a fold's time (issue 16); here a key costs
/// two multiplies, and its texts were numbered once by their bytes.
struct FoldTable<Value> {
    private(set) var keys: [FoldKey] = []
    private(set) var values: [Value] = []
    /// An entry's position + 1, or 0 for an empty place. Kept at most half full.
    private var table = [Int32](repeating: 0, count: 1 << 8)
    private var shift: UInt64 = 64 - 8
    private let empty: Value

    /// A table whose new entries start as `empty`.
    init(empty: Value) {
        self.empty = empty
    }

    var count: Int { keys.count }

    /// Calls `body` with the value of `key` (made as `empty` if new).
    @inline(__always)
    mutating func update(_ key: FoldKey, _ body: (inout Value) -> Void) {
        let position = place(key)
        body(&values[position])
    }

    /// Each key with its value.
    var entries: Zip2Sequence<[FoldKey], [Value]> { zip(keys, values) }

    private static func hash(_ key: FoldKey) -> UInt64 {
        var hash = UInt64(bitPattern: key.slot) &* 0x9E37_79B9_7F4A_7C15
        hash ^= (key.rest &+ 0x632B_E59B_D9B4_E019) &* 0xC2B2_AE3D_27D4_EB4F
        return hash ^ (hash >> 29)
    }

    private mutating func place(_ key: FoldKey) -> Int {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key) >> shift)
        while table[slot] != 0 {
            let known = Int(table[slot]) - 1
            if keys[known] == key { return known }
            slot = (slot + 1) & mask
        }
        let position = keys.count
        keys.append(key)
        values.append(empty)
        table[slot] = Int32(position + 1)
        if keys.count * 2 > table.count { grow() }
        return position
    }

    private mutating func grow() {
        table = [Int32](repeating: 0, count: table.count * 2)
        shift -= 1
        let mask = table.count - 1
        for (position, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: Self.hash(key) >> shift)
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(position + 1)
        }
    }
}

extension FoldTable: Sendable where Value: Sendable {}
