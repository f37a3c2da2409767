import Foundation
@testable import Model

/// A JSON document read into a tree through ``JSONScanner`` (the production scanner, its string
/// and number readers), or through Foundation's `JSONSerialization`, so that the two readers can
/// be compared value by value. Used by the differential test and compiled into the `json` fuzz
/// target (scripts/fuzz.sh).
enum JSONTree: Equatable, CustomStringConvertible {
    case object([String: JSONTree])
    case array([JSONTree])
    case string(String)
    /// nil: valid JSON, but beyond Double (`1e400`).
    case number(Double?)
    case bool(Bool)
    case null

    var description: String {
        switch self {
        case .object(let members): "{" + members.keys.sorted().map { "\($0.debugDescription): \(members[$0]!)" }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .string(let text): text.debugDescription
        case .number(let value): value.map { "\($0)" } ?? "out-of-range"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }

    /// Reads a whole document with ``JSONScanner``; a repeated key keeps its last value.
    static func scanned(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONTree {
        var scanner = JSONScanner(bytes)
        let tree = try read(&scanner)
        try scanner.expectEnd()
        return tree
    }

    static func scanned(_ data: Data) throws(JSONSyntaxError) -> JSONTree {
        let result: Result<JSONTree, JSONSyntaxError> = data.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) {
                return .success(try scanned(raw.bindMemory(to: UInt8.self)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func read(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> JSONTree {
        switch try scanner.peek() {
        case UInt8(ascii: "{"):
            try scanner.beginObject()
            var members: [String: JSONTree] = [:]
            var first = true
            while let key = try scanner.nextKey(first: &first) {
                let name = try scanner.string(key)
                members[name] = try read(&scanner)
            }
            return .object(members)
        case UInt8(ascii: "["):
            try scanner.beginArray()
            var items: [JSONTree] = []
            var first = true
            while try scanner.nextElement(first: &first) { items.append(try read(&scanner)) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try scanner.string(scanner.scanString()))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(scanner.double(try scanner.scanNumber()))
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let isTrue = try scanner.peek() == UInt8(ascii: "t")
            try scanner.skipValue()
            return .bool(isTrue)
        default:
            try scanner.skipValue()  // null, or the error for anything else
            return .null
        }
    }

    /// Reads a whole document with Foundation's `JSONSerialization` (top-level scalars allowed).
    static func foundation(_ data: Data) throws -> JSONTree {
        try converted(JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private static func converted(_ value: Any) -> JSONTree {
        switch value {
        case let dictionary as [String: Any]: .object(dictionary.mapValues(converted))
        case let array as [Any]: .array(array.map(converted))
        case let text as String: .string(text)
        case is NSNull: .null
        case let number as NSNumber:
            // Booleans come back as NSNumber too; their type tells them apart.
            if type(of: number) == type(of: NSNumber(value: true)) && String(cString: number.objCType) == "c" {
                .bool(number.boolValue)
            } else {
                .number(number.doubleValue.isFinite ? number.doubleValue : nil)
            }
        default: .string("unexpected \(type(of: value))")
        }
    }
}
