import Foundation
import Testing
@testable import Model

/// The JSON scanner against Foundation's `JSONSerialization` over the fuzz corpora
/// (Tests/Fuzz/json and Tests/Fuzz/event-decoder): the same documents accepted and refused, the
/// same values read, apart from the differences docs/security.md lists.
@Suite("JSON scanner against Foundation")
struct JSONDifferentialTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func corpus(_ target: String) throws -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(target).appendingPathComponent("corpus")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
    }

    @Test("every corpus document is accepted or refused by both, with the same values")
    func corpusAgrees() throws {
        let files = try Self.corpus("json") + Self.corpus("event-decoder")
        #expect(files.count >= 30)
        for file in files {
            let data = try Data(contentsOf: file)
            #expect(JSONDifferential.disagreement(data) == nil, "\(file.lastPathComponent)")
        }
    }

    @Test("both read the corpus's event the same way, member by member")
    func sameValues() throws {
        let data = Data(#"{"a": [1, 2.5, -0.0, 1e2, "caf\u00e9", true, null], "b": {"c": "\ud83d\ude00"}}"#.utf8)
        let ours = try JSONTree.scanned(data)
        // Written out by hand from the document above.
        let expected = JSONTree.object([
            "a": .array([.number(1), .number(2.5), .number(0), .number(100), .string("café"), .bool(true), .null]),
            "b": .object(["c": .string("😀")]),
        ])
        #expect(ours == expected)
        #expect(try JSONTree.foundation(data) == expected)
    }

    @Test("a raw U+FEFF in a string is kept; JSONSerialization drops some, and that difference alone is allowed")
    func byteOrderMarksInStrings() throws {
        // The fuzz target's finds: U+FEFF written as raw UTF-8 right after the opening quote, and
        // after an escape sequence (`\t`).
        let first = Data([0x22, 0xEF, 0xBB, 0xBF, 0x7B, 0x5C, 0x22, 0x5C, 0x74, 0x75, 0x32, 0x30, 0x61, 0x63, 0x22])
        #expect(try JSONTree.scanned(first) == .string("\u{FEFF}{\"\tu20ac"))
        #expect(try JSONTree.foundation(first) == .string("{\"\tu20ac"))
        #expect(JSONDifferential.disagreement(first) == nil)
        let second = Data([0x22, 0xEF, 0xBB, 0xBF, 0x7B, 0x5C, 0x74, 0xEF, 0xBB, 0xBF, 0x78, 0x22])
        #expect(try JSONTree.scanned(second) == .string("\u{FEFF}{\t\u{FEFF}x"))
        #expect(JSONDifferential.disagreement(second) == nil)
        let keyed = Data(#"{"\#u{FEFF}k": ["\#u{FEFF}v", "w\#u{FEFF}"]}"#.utf8)
        #expect(JSONDifferential.disagreement(keyed) == nil)
        // Keys that become one once the mark is dropped: Foundation keeps the last.
        let colliding = Data(#"{"\#u{FEFF}a": 1, "a": 2, "b": 3}"#.utf8)
        #expect(JSONDifferential.disagreement(colliding) == nil)
        // Other characters and values still count.
        #expect(!JSONDifferential.sameWithoutMarks(.string("a\u{FEFF}b"), .string("ab ")))
        #expect(!JSONDifferential.sameWithoutMarks(.object(["\u{FEFF}a": .number(1), "a": .number(2), "b": .number(3)]), .object(["a": .number(2), "b": .number(4)])))
        #expect(!JSONDifferential.sameWithoutMarks(.array([.string("\u{FEFF}v")]), .array([.string("w")])))
    }

    @Test("a 100-digit integer reads as the nearest Double; Foundation's Decimal is close, not exact")
    func longInteger() throws {
        let text = "1555555555555555" + String(repeating: "0", count: 84)  // 1.555555555555555 × 10^99
        let data = Data(text.utf8)
        #expect(try JSONTree.scanned(data) == .number(1.555555555555555e99))
        guard case .number(let theirs?) = try JSONTree.foundation(data) else { Issue.record("not a number"); return }
        // Foundation 6.3 gives 1.5555555555555534e99 here; `same` allows that much.
        #expect(JSONDifferential.same(.number(1.555555555555555e99), .number(theirs)))
        #expect(!JSONDifferential.same(.number(1.555555555555555e99), .number(1.5555555555e99)))
    }

    @Test("a different value or a one-sided refusal is reported", arguments: [
        // Not differences of the readers, but the comparison must see them.
        ("1", "2"), (#"{"a": 1}"#, #"{"a": "1"}"#), ("[1, 2]", "[2, 1]"), ("true", "1"),
    ])
    func comparisonSeesDifferences(left: String, right: String) throws {
        let a = try JSONTree.scanned(Data(left.utf8))
        let b = try JSONTree.foundation(Data(right.utf8))
        #expect(!JSONDifferential.same(a, b))
    }

    @Test("the intended differences: numbers beyond Double, depth over 128, byte-order marks, trailing commas, NUL")
    func intendedDifferences() throws {
        // Valid JSON to the scanner (the number reads as absent), refused by Foundation.
        let huge = Data("[1e400]".utf8)
        #expect(try JSONTree.scanned(huge) == .array([.number(nil)]))
        #expect(throws: (any Error).self) { try JSONTree.foundation(huge) }
        #expect(JSONDifferential.disagreement(huge) == nil)
        // 129 levels: refused by the scanner only.
        let deep = Data((String(repeating: "[", count: 129) + String(repeating: "]", count: 129)).utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONTree.scanned(deep) }
        _ = try JSONTree.foundation(deep)
        #expect(JSONDifferential.disagreement(deep) == nil)
        // Foundation skips a byte-order mark and accepts trailing commas; RFC 8259 allows neither.
        // Foundation also accepts some documents with a raw NUL, reading up to it (found by the
        // json fuzz target).
        for text in ["\u{FEFF}1", "[1,]", #"{"a":1 , }"#, "1\u{0}", "0\u{0}x", "\"\u{0}\"\u{0}"] {
            let data = Data(text.utf8)
            #expect(throws: JSONSyntaxError.self) { try JSONTree.scanned(data) }
            _ = try JSONTree.foundation(data)
            #expect(JSONDifferential.disagreement(data) == nil, "\(text)")
        }
        // Foundation reads UTF-16 behind its byte-order mark; the scanner reads UTF-8 only (the
        // first of these was found by the json fuzz target: `1` and an odd byte left over).
        for bytes: [UInt8] in [[0xFF, 0xFE, 0x31, 0x00, 0x22], [0xFF, 0xFE, 0x31, 0x00], [0xFE, 0xFF, 0x00, 0x5B, 0x00, 0x5D]] {
            let data = Data(bytes)
            #expect(throws: JSONSyntaxError.self) { try JSONTree.scanned(data) }
            _ = try JSONTree.foundation(data)
            #expect(JSONDifferential.disagreement(data) == nil, "\(bytes)")
        }
    }
}
