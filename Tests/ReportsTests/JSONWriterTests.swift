import Foundation
@testable import Reports
import Testing

/// The pieces the long lists of a user activity report are written with: integers by digit
/// pairs, and texts copied sixteen bytes at a time from slots or padded bytes.
@Suite("JSON writer pieces")
struct JSONWriterTests {
    /// Everything a buffer hands to its sink, as one array.
    final class Collected {
        var bytes: [UInt8] = []
    }

    @Test(
        "an integer is written as Swift's description writes it, at every digit count and sign",
        arguments: [
            0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 1_234, 65_535, 4_294_967_295, 4_294_967_296, 12_345_678_901,
            999_999_999_999_999_999, 1_000_000_000_000_000_000, Int64.max, -1, -9, -10, -99, -100, -12_345, Int64.min + 1, Int64.min,
        ] as [Int64])
    func integersMatchTheirDescription(value: Int64) throws {
        let collected = Collected()
        let out = JSONByteBuffer(capacity: 64) { collected.bytes += $0 }
        #expect(try out.reserve(20))
        out.putInteger(value)
        try out.flush()
        #expect(String(decoding: collected.bytes, as: UTF8.self) == String(value))
    }

    @Test("every power of ten and its neighbours are written as their description")
    func powersOfTenMatchTheirDescription() throws {
        var values: [Int64] = []
        var power: Int64 = 1
        for _ in 0..<19 {
            values += [power - 1, power, power + 1]
            if power <= Int64.max / 10 { power *= 10 }
        }
        let collected = Collected()
        let out = JSONByteBuffer(capacity: 256) { collected.bytes += $0 }
        for value in values {
            _ = try out.reserve(21)
            out.putInteger(value)
            out.putByte(UInt8(ascii: ","))
        }
        try out.flush()
        #expect(String(decoding: collected.bytes, as: UTF8.self) == values.map { "\($0)," }.joined())
    }

    @Test("texts of every length up to 40 bytes come out whole, through slots and spans, across flushes")
    func paddedTextsComeOutWhole() throws {
        // Lengths 0...40 (a slot holds 16), of bytes from the whole range, non-ASCII included.
        var texts: [String] = []
        for length in 0...40 {
            let bytes: [UInt8] = (0..<length).map { UInt8(0x21 + ($0 * 7 + length) % 0x5D) }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        texts += ["山田太郎", "Jürgen Groß, a somewhat longer name", "🚀"]
        let padded = PaddedTexts(texts) { $1 += Array($0.utf8) }
        let collected = Collected()
        // A small buffer, so that most texts meet a flush somewhere in the run.
        let out = JSONByteBuffer(capacity: 50) { collected.bytes += $0 }
        var expected: [UInt8] = []
        // Each text after each other one: every slot and span is read beside every other.
        try padded.withTexts { view throws in
            for first in texts.indices {
                for second in [first, (first * 13 + 5) % texts.count] {
                    for number in [first, second] {
                        let text = view[number]
                        #expect(Array(text) == Array(texts[number].utf8))
                        let fits = try out.reserve(text.count)
                        #expect(fits)
                        out.putWide(text)
                        expected += texts[number].utf8
                    }
                }
            }
        }
        try out.flush()
        #expect(collected.bytes == expected)
    }

    @Test("a string needing escapes is written as JSONEncoder writes it", arguments: [
        "", "plain", "quote\"inside", "back\\slash", "\"", "\\", "tab\there", "new\nline", "\r\u{08}\u{0C}", "bell\u{07}",
        "nul\u{00}x", "\u{1F}end", "del\u{7F}", "path/with/slashes", "山田太郎", "emoji 🚀", "\"\"\\\\\n\n",
    ])
    func escapedStringsMatchTheEncoder(text: String) throws {
        var out: [UInt8] = []
        UserDayRowsJSON.appendString(text, to: &out)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(out == Array(try encoder.encode(text)))
    }
}
