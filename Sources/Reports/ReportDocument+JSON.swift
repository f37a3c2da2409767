public import Foundation

extension ReportDocument {
    /// Deterministic JSON (sorted keys), as exported and served.
    ///
    /// A long `user_activity` list (one row per user and day: hundreds of thousands over 90 days)
    /// is written by ``UserDayRowsJSON`` straight into the bytes, and the rest of the document by
    /// `JSONEncoder`: the encoder's tree of a row takes about half a kilobyte and two microseconds,
    /// which made it the largest cost and the peak memory of a build. The result is the same
    /// bytes `JSONEncoder` writes for the whole document (a test holds the two equal).
    public func json(pretty: Bool = false) throws -> Data {
        var result = Data()
        try writeJSON(pretty: pretty) { result.append(contentsOf: $0) }
        return result
    }

    /// The same bytes as ``json(pretty:)``, written to `url` (through a temporary file renamed
    /// into place) without holding a long user_activity list in memory.
    public func writeJSON(pretty: Bool = false, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try writeJSON(pretty: pretty) { try handle.write(contentsOf: $0) }
            try handle.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Hands the JSON to `sink` in pieces of at most about 64 KiB (one piece for small reports).
    func writeJSON(pretty: Bool, _ sink: (Data) throws -> Void) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard case .userActivity(var report) = data, report.userActivity.count >= UserDayRowsJSON.threshold else {
            return try sink(try encoder.encode(self))
        }
        let rows = report.userActivity
        report.userActivity = []
        let rest = try encoder.encode(ReportDocument(metadata: metadata, data: .userActivity(report)))
        try UserDayRowsJSON.splice(rows, into: rest, pretty: pretty, sink)
    }

    /// The same bytes through `JSONEncoder` alone (for tests that compare the two).
    public func encoderJSON(pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// Writes `user_activity` rows as `JSONEncoder` does with sorted keys and unescaped slashes.
enum UserDayRowsJSON {
    /// Below this many rows the encoder alone is fast enough.
    static let threshold = 1_000

    struct MarkerMissing: Error, CustomStringConvertible {
        var description: String { "internal error: the empty user_activity list was not found in the encoded report" }
    }

    /// Replaces the empty `user_activity` list in `encoded` by `rows`, handing the bytes to
    /// `sink` in pieces of about 64 KiB.
    static func splice(_ rows: [UserDayActivity], into encoded: Data, pretty: Bool, _ sink: (Data) throws -> Void) throws {
        // Sorted keys put "user_activity" after "total_activities" and before "users", at depth
        // 2 when pretty. A newline or a comma before the quote cannot come from inside a string
        // (those escape newlines, and a quote in them follows a backslash).
        let marker = Array((pretty ? "\n    \"user_activity\" : [\n\n    ]" : ",\"user_activity\":[]").utf8)
        let bytes = [UInt8](encoded)
        guard let at = find(marker, in: bytes) else { throw MarkerMissing() }
        let prefixLength = marker.count - (pretty ? 7 : 1)  // keep through "[", drop the empty body
        var out = [UInt8]()
        out.reserveCapacity(70_000)
        out.append(contentsOf: bytes[..<(at + prefixLength)])
        // The text between the values of a row, as the encoder lays it out.
        let parts = (pretty
            ? ["\n      {\n        \"activity_count\" : ", ",\n        \"date\" : ", ",\n        \"user_id\" : ", "\n      }"]
            : ["{\"activity_count\":", ",\"date\":", ",\"user_id\":", "}"]).map { Array($0.utf8) }
        for (index, row) in rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: parts[0])
            out.append(contentsOf: String(row.activityCount).utf8)
            out.append(contentsOf: parts[1])
            appendString(row.date, to: &out)
            out.append(contentsOf: parts[2])
            appendString(row.userId, to: &out)
            out.append(contentsOf: parts[3])
            if out.count >= 65_536 {
                try sink(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(contentsOf: (pretty ? "\n    ]" : "]").utf8)
        out.append(contentsOf: bytes[(at + marker.count)...])
        try sink(Data(out))
    }

    /// A JSON string as `JSONEncoder` writes it: quotes, backslashes and control characters
    /// escaped, everything else (slashes, non-ASCII) as is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
