import Foundation
import Testing
@testable import Model

/// Strings scanned eight bytes at a time (``JSONScanner/plain(_:)``) and strings made once per
/// text (``TextCache``): both must read every string exactly as a byte-by-byte reading does.
@Suite("string scanning and the text cache")
struct StringScanTests {
    /// A byte that is read alone: a quote, a backslash, a control character or past ASCII.
    static func special(_ byte: UInt8) -> Bool { byte < 0x20 || byte >= 0x80 || byte == 0x22 || byte == 0x5C }

    @Test("a word is plain exactly when none of its eight bytes is special, wherever each edge byte sits")
    func plainMatchesBytes() {
        let edges: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC3, 0xFF]
        var words: [UInt64] = []
        for edge in edges {
            for place in 0..<8 {
                for filler in [UInt8(ascii: "a"), 0x20, 0x7F] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[place] = edge
                    words.append(bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
                }
            }
        }
        var random = SystemRandomNumberGenerator()
        words += (0..<20_000).map { _ in random.next() }
        // Random words seldom come out plain: add some made of printable ASCII only.
        words += (0..<2_000).map { _ in
            let bytes = (0..<8).map { _ in UInt8.random(in: 0x20...0x7F, using: &random) }
            return bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        }
        for word in words {
            let bytes = withUnsafeBytes(of: word) { Array($0) }
            #expect(JSONScanner.plain(word) == !bytes.contains(where: Self.special), "word \(String(word, radix: 16))")
        }
    }

    /// What goes between the `a`s and the `b`s, as JSON text, and the user id it reads as (nil
    /// when the document is malformed).
    static let insertions: [(json: [UInt8], value: String?)] = [
        (Array(#"\""#.utf8), "\""),
        (Array(#"\\"#.utf8), "\\"),
        (Array(#"\n"#.utf8), "\n"),
        (Array(#"\u00e9"#.utf8), "é"),
        (Array("é".utf8), "é"),
        (Array("🧪".utf8), "🧪"),
        ([0x01], nil),  // a raw control character
        ([0xFF], nil),  // not UTF-8
        ([0x22], nil),  // a bare quote ends the string early: the letters after it are not JSON
    ]

    @Test("a special byte is found at every place in a long string", arguments: 0..<insertions.count)
    func specialAtEveryPlace(insertion: Int) throws {
        let (json, value) = Self.insertions[insertion]
        for before in 0..<20 {
            let after = 19 - before
            let document = Array(#"{"event_type":"x","user_id":""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: before)
                + json + [UInt8](repeating: UInt8(ascii: "b"), count: after) + Array(#""}"#.utf8)
            let result = document.withUnsafeBufferPointer { bytes in
                Result { () throws(EventValidationError) in try EventDecoder().decode(bytes, receivedAt: Instants.example) }
            }
            switch (result, value) {
            case (.success(let event), let value?):
                #expect(event.userId == String(repeating: "a", count: before) + value + String(repeating: "b", count: after))
            case (.failure(let error), nil):
                #expect(error.isMalformed, "\(before) bytes before")
            case (.success, nil):
                Issue.record("accepted with \(before) bytes before")
            case (.failure(let error), _?):
                Issue.record("refused with \(before) bytes before: \(error)")
            }
        }
    }

    @Test("the cache gives each text of every length what String(decoding:) gives, and a text met again is the string made before")
    func cacheReadsAsDecoding() {
        let cache = TextCache()
        var texts: [[UInt8]] = (0...70).map { length in (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) } }
        texts.append(Array(repeating: 0xFF, count: 20))  // repaired, never matched
        texts.append(Array("parameter-extractor-ünïcødé".utf8))
        for text in texts {
            let first = text.withUnsafeBufferPointer { cache.string($0) }
            let again = text.withUnsafeBufferPointer { cache.string($0) }
            let expected = String(decoding: text, as: UTF8.self)
            #expect(first == expected)
            #expect(again == expected)
            let cached = text.count > 15 && text.count <= TextCache.longest && !text.contains(0xFF)
            if cached {
                #expect(Self.storage(first) == Self.storage(again), "\(text.count) bytes: made twice")
            }
        }
    }

    @Test("more distinct texts than slots still read right, whichever replaced which")
    func cacheUnderPressure() {
        let cache = TextCache()
        let texts = (0..<(3 * TextCache.slotCount)).map { Array("user-\(UUID().uuidString)-\($0)".utf8) }
        for _ in 0..<2 {
            for text in texts {
                #expect(text.withUnsafeBufferPointer { cache.string($0) } == String(decoding: text, as: UTF8.self))
            }
        }
    }

    /// Where a string's UTF-8 lies (the same place for the same string storage).
    static func storage(_ string: String) -> UnsafeRawPointer? {
        string.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }
}
