/// Reading a token's value, and the byte tests the scanner is made of.
extension JSONScanner {
    /// Whether a key equals an ASCII name (keys with escapes are decoded first).
    func key(_ token: StringToken, is name: StaticString) -> Bool {
        if token.hasEscapes { return (try? string(token)) == name.description }
        let count = name.utf8CodeUnitCount
        guard token.range.count == count else { return false }
        let base = token.range.lowerBound
        for offset in 0..<count where bytes[base + offset] != name.utf8Start[offset] { return false }
        return true
    }

    /// Decodes a string token into a Swift string.
    func string(_ token: StringToken) throws(JSONSyntaxError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[token.range])
        if !token.hasEscapes { return texts?.string(slice) ?? String(decoding: slice, as: UTF8.self) }
        return try JSONStringUnescaper.unescape(slice, offset: token.range.lowerBound)
    }

    /// Parses a number token as a Double; nil when it does not fit (e.g. 1e400).
    func double(_ range: Range<Int>) -> Double? {
        if let value = Self.exactDouble(UnsafeBufferPointer(rebasing: bytes[range])) { return value }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The raw text of a byte range, as received.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Whether none of the eight bytes of `word` is a quote, a backslash, a control character
    /// or past ASCII: each test is exact for the word as a whole (a borrow only ever runs past
    /// a byte that matched).
    static func plain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- 0x20 &* ones) & ~word & highs != 0
        return word & highs == 0 && !control && !hasZero(word ^ (0x22 &* ones)) && !hasZero(word ^ (0x5C &* ones))
    }
}
