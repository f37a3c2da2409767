/// Python's `json.dumps` writes the floats JSON has no number for as the bare words `NaN`,
/// `Infinity` and `-Infinity`. The original service stored `event_data` that way, so a takeover
/// reads them: each such word outside a string becomes `null` (a value that is not a number, as
/// SPEC §2 treats any field of the wrong type). Everything else is left byte for byte.
public enum NonFiniteNumbers {
    /// The text with every bare `NaN`, `Infinity` and `-Infinity` replaced by `null`, and how
    /// many were replaced; the text itself (and 0) when there is none.
    public static func nullified(_ text: String) -> (text: String, replaced: Int) {
        let utf8 = text.utf8
        // Most documents hold neither word: one pass over the bytes answers that.
        guard mayHoldWord(utf8) else { return (text, 0) }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var replaced = 0
        var inString = false
        var escaped = false
        let bytes = Array(utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                output.append(byte)
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
            } else if let length = word(in: bytes, at: index) {
                output.append(contentsOf: "null".utf8)
                index += length
                replaced += 1
                continue
            }
            output.append(byte)
            index += 1
        }
        guard replaced > 0 else { return (text, 0) }
        return (String(decoding: output, as: UTF8.self), replaced)
    }

    /// Whether `NaN` or `Infinity` occurs anywhere (in a string or not): false for almost every
    /// document, and then nothing is copied.
    private static func mayHoldWord(_ utf8: String.UTF8View) -> Bool {
        // `NaN` is "aN" after an N; `Infinity` is recognised by its "nfi" (no other JSON word or
        // number holds it; a string holding it only costs the slow path).
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard bytes.count >= 3 else { return false }
            for index in 2..<bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "N") where bytes[index - 1] == UInt8(ascii: "a") && bytes[index - 2] == UInt8(ascii: "N"):
                    return true
                case UInt8(ascii: "i") where bytes[index - 1] == UInt8(ascii: "f") && bytes[index - 2] == UInt8(ascii: "n"):
                    return true
                default:
                    continue
                }
            }
            return false
        }
        return utf8.withContiguousStorageIfAvailable(scan) ?? Array(utf8).withUnsafeBufferPointer(scan)
    }

    /// The length of the bare word starting at `index`, nil when there is none. A word must not
    /// run on into letters or digits (`NaNa` is not `NaN`).
    private static func word(in bytes: [UInt8], at index: Int) -> Int? {
        for word in words where matches(word, bytes, index) {
            let end = index + word.count
            if end < bytes.count, isWordByte(bytes[end]) { return nil }
            if index > 0, isWordByte(bytes[index - 1]) { return nil }
            return word.count
        }
        return nil
    }

    private static let words: [[UInt8]] = [Array("NaN".utf8), Array("Infinity".utf8), Array("-Infinity".utf8)]

    private static func matches(_ word: [UInt8], _ bytes: [UInt8], _ index: Int) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in 0..<word.count where bytes[index + offset] != word[offset] { return false }
        return true
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }
}
