internal import Foundation
internal import Model

/// Numbers distinct texts 0, 1, 2, … in order of first appearance, looking them up by their
/// UTF-8 bytes (bytes that are not UTF-8 by the text they read as) — so a text already seen
/// costs a hash and a compare, not a new `String` and a `String` hash. Reading a 90-day window's
/// user days (hundreds of thousands of rows naming a few thousand users) went from a `String` per
/// row to one per user.
struct TextInterner {
    /// The texts, by number.
    private(set) var strings: [String] = []
    /// Every text's bytes, one after another.
    private var bytes: [UInt8] = []
    private var spans: [(start: Int, count: Int, hash: UInt64)] = []
    /// Open addressing: a text's number + 1, or 0 for an empty place. Kept at most half full.
    private var table: [Int32]

    init(capacity: Int = 256) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        table = Array(repeating: 0, count: size)
    }

    var count: Int { strings.count }

    /// The number of the text whose UTF-8 bytes are `text` (numbering it if new).
    mutating func number(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        let (hash, place) = find(text)
        if table[place] != 0 { return Int(table[place]) - 1 }
        let string = String(decoding: text, as: UTF8.self)
        // Bytes that are not UTF-8 read as their repaired text (U+FFFD for each bad sequence), as
        // a `String` made from them would: two such spellings are one text, with one number.
        guard string.utf8.elementsEqual(text) else { return number(string) }
        return add(string, text, hash: hash, at: place)
    }

    /// The number of `text` (numbering it if new). A new text is kept as it is: a `String` is
    /// UTF-8 already, and no second one is made from its bytes.
    mutating func number(_ text: String) -> Int {
        var utf8 = text
        return utf8.withUTF8 { bytes in
            let (hash, place) = find(bytes)
            if table[place] != 0 { return Int(table[place]) - 1 }
            return add(text, bytes, hash: hash, at: place)
        }
    }

    /// Makes room for `count` texts in all, so that numbering that many never grows the table.
    mutating func reserveCapacity(_ count: Int) {
        guard count * 2 > table.count else { return }
        var size = table.count
        while size < count * 2 { size *= 2 }
        rehash(size)
        strings.reserveCapacity(count)
        spans.reserveCapacity(count)
    }

    /// The hash of `text` and its place in the table: the place of its number, or the empty
    /// place where a new number for it goes.
    private func find(_ text: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, place: Int) {
        let hash = Self.hash(text)
        let mask = table.count - 1
        var place = Int(truncatingIfNeeded: hash) & mask
        while table[place] != 0 {
            let span = spans[Int(table[place]) - 1]
            if span.hash == hash && span.count == text.count && equals(span.start, text) { break }
            place = (place + 1) & mask
        }
        return (hash, place)
    }

    /// Numbers `string` (whose UTF-8 bytes are `text`) at the empty `place` found for it.
    private mutating func add(_ string: String, _ text: UnsafeBufferPointer<UInt8>, hash: UInt64, at place: Int) -> Int {
        let number = strings.count
        spans.append((bytes.count, text.count, hash))
        bytes.append(contentsOf: text)
        strings.append(string)
        table[place] = Int32(number + 1)
        if strings.count * 2 > table.count { rehash(table.count * 2) }
        return number
    }

    /// Each text's rank among all of them in the order of their UTF-8 bytes (``UTF8Order``),
    /// by number: compared where they lie, with no `String` in the sort.
    func byteOrderRanks() -> [Int32] {
        var order = Array(0..<strings.count)
        bytes.withUnsafeBufferPointer { bytes in
            spans.withUnsafeBufferPointer { spans in
                order.sort { lhs, rhs in
                    let (left, right) = (spans[lhs], spans[rhs])
                    return UTF8Order.precedes(in: bytes, (left.start, left.count), (right.start, right.count))
                }
            }
        }
        var ranks = [Int32](repeating: 0, count: order.count)
        for (rank, text) in order.enumerated() { ranks[text] = Int32(rank) }
        return ranks
    }

    private func equals(_ start: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, !text.isEmpty else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, base, text.count) == 0 }
    }

    private mutating func rehash(_ size: Int) {
        table = Array(repeating: 0, count: size)
        let mask = table.count - 1
        for (number, span) in spans.enumerated() {
            var place = Int(truncatingIfNeeded: span.hash) & mask
            while table[place] != 0 { place = (place + 1) & mask }
            table[place] = Int32(number + 1)
        }
    }

    /// FNV-1a, then a final mix so that the low bits (the place) depend on every byte.
    private static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
