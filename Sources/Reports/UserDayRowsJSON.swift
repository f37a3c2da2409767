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
        // (The closing brace after the user id: userTexts(_:pretty:).)
        let (open, afterCount, afterDate) = pretty
            ? ("\n      {\n        \"activity_count\" : ", ",\n        \"date\" : ", ",\n        \"user_id\" : ")
            : ("{\"activity_count\":", ",\"date\":", ",\"user_id\":")
        // A row is its opening (with a comma before all but the first), its count, the text of
        // its date (with the keys around it) and the text of its user (with the closing brace).
        let users = userTexts(list.users, pretty: pretty)
        let dates = PaddedTexts(list.dates) { $1 += afterCount.utf8; appendString($0, to: &$1); $1 += afterDate.utf8 }
        let openings = PaddedTexts([open, "," + open]) { $1 += $0.utf8 }
        try withoutActuallyEscaping(sink) { sink in
            let out = JSONByteBuffer(capacity: 262_144, sink)
            try out.append(bytes[..<(at + prefixLength)])
            try users.withTexts { user in
                try dates.withTexts { date in
                    try openings.withTexts { opening in
                        var index = 0
                        try list.forEachCode(in: 0..<list.count) { userNumber, dateNumber, events in
                            defer { index += 1 }
                            let (first, userText, dateText) = (opening[index == 0 ? 0 : 1], user[userNumber], date[dateNumber])
                            guard try out.reserve(first.count + 20 + dateText.count + userText.count) else {
                                // A user id longer than the buffer: the slow way.
                                try out.append(first)
                                try out.append(String(events).utf8)
                                try out.append(dateText)
                                try out.append(userText)
                                return
                            }
                            out.putWide(first)
                            out.putInteger(events)
                            out.putWide(dateText)
                            out.putWide(userText)
                        }
                    }
                }
            }
            try out.append(Array((pretty ? "\n    ]" : "]").utf8))
            var rest = at + marker.count
            if let summaries {
                // The users list names the same users (the report shares one array of ids):
                // their texts are escaped once, for both lists.
                let shared = list.users.withUnsafeBufferPointer { days in
                    summaries.users.withUnsafeBufferPointer { $0.baseAddress == days.baseAddress && $0.count == days.count }
                }
                rest = try UserSummaryRowsJSON.write(
                    summaries, in: bytes, from: rest, pretty: pretty, userTexts: shared ? users : nil, to: out)
            }
            try out.append(bytes[rest...])
            try out.flush()
        }
    }

    /// Each user id as a JSON string followed by the brace that closes its row: the user_activity
    /// rows and the users rows both end with `user_id`.
    static func userTexts(_ users: [String], pretty: Bool) -> PaddedTexts {
        let close = pretty ? "\n      }" : "}"
        return PaddedTexts(users) { appendString($0, to: &$1); $1 += close.utf8 }
    }

    /// A JSON string as `JSONEncoder` writes it: quotes, backslashes and control characters
    /// escaped, everything else (slashes, non-ASCII) as is.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // The runs between bytes that need escaping go in whole (most ids have none).
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
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
