internal import Store
internal import Foundation

/// Writes the `user_activity` rows and the `users` list as `JSONEncoder` does with sorted keys
/// and unescaped slashes.
enum UserDayRowsJSON {
    /// Below this many rows the encoder alone is fast enough.
    static let threshold = 1_000

    struct MarkerMissing: Error, CustomStringConvertible {
        var description: String { "internal error: the empty user_activity list was not found in the encoded report" }
    }

    /// Replaces the empty `user_activity` list in `encoded` by the rows of `list` (and the empty
    /// `users` list, which follows it, by `summaries`), handing the bytes to `sink` in pieces of
    /// at most 256 KiB.
    static func splice(
        _ list: UserDayList, users summaries: UserSummaryList? = nil, into encoded: Data, pretty: Bool,
        _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        // Sorted keys put "user_activity" after "total_activities" and before "users", at depth
        // 2 when pretty. A newline or a comma before the quote cannot come from inside a string
        // (those escape newlines, and a quote in them follows a backslash).
        let marker = Array((pretty ? "\n    \"user_activity\" : [\n\n    ]" : ",\"user_activity\":[]").utf8)
        let bytes = [UInt8](encoded)
        guard let at = find(marker, in: bytes) else { throw MarkerMissing() }
        let prefixLength = marker.count - (pretty ? 7 : 1)  // keep through "[", drop the empty body
        // The text between the values of a row, as the encoder lays it out; each user id and
        // date is escaped once (with the text that follows it), not once per row.
        let (open, afterCount, afterDate, close) = pretty
            ? ("\n      {\n        \"activity_count\" : ", ",\n        \"date\" : ", ",\n        \"user_id\" : ", "\n      }")
            : ("{\"activity_count\":", ",\"date\":", ",\"user_id\":", "}")
        let users = Texts(list.users) { appendString($0, to: &$1); $1 += close.utf8 }
        let dates = Texts(list.dates) { appendString($0, to: &$1); $1 += afterDate.utf8 }
        let first = Array(open.utf8)
        let next = [UInt8(ascii: ",")] + first
        let countEnd = Array(afterCount.utf8)
        try withoutActuallyEscaping(sink) { sink in
            let out = JSONByteBuffer(capacity: 262_144, sink)
            try out.append(bytes[..<(at + prefixLength)])
            try users.bytes.withUnsafeBufferPointer { userBytes in
                try dates.bytes.withUnsafeBufferPointer { dateBytes in
                    for (index, row) in list.rows.enumerated() {
                        let user = users.spans[Int(row.user)]
                        let date = dates.spans[list.date(row)]
                        let userText = UnsafeBufferPointer(rebasing: userBytes[user.start..<(user.start + user.count)])
                        let dateText = UnsafeBufferPointer(rebasing: dateBytes[date.start..<(date.start + date.count)])
                        guard try out.reserve(next.count + 20 + countEnd.count + date.count + user.count) else {
                            // A user id longer than the buffer: the slow way.
                            try out.append(index == 0 ? first : next)
                            try out.append(String(row.events).utf8)
                            try out.append(countEnd)
                            try out.append(dateText)
                            try out.append(userText)
                            continue
                        }
                        out.put(index == 0 ? first : next)
                        out.putInteger(row.events)
                        out.put(countEnd)
                        out.put(dateText)
                        out.put(userText)
                    }
                }
            }
            try out.append(Array((pretty ? "\n    ]" : "]").utf8))
            var rest = at + marker.count
            if let summaries {
                rest = try UserSummaryRowsJSON.write(summaries, in: bytes, from: rest, pretty: pretty, to: out)
            }
            try out.append(bytes[rest...])
            try out.flush()
        }
    }

    /// Texts as JSON bytes, one after another, with where each starts.
    struct Texts {
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []

        init(_ texts: [String], _ write: (String, inout [UInt8]) -> Void) {
            for text in texts {
                let start = bytes.count
                write(text, &bytes)
                spans.append((start, bytes.count - start))
            }
        }
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
