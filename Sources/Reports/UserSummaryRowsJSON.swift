internal import Foundation
internal import Model

/// Writes the `users` list of a user activity report as `JSONEncoder` does (sorted keys,
/// unescaped slashes): the part of ``UserDayRowsJSON/splice(_:users:into:pretty:_:)`` after the
/// user_activity rows. 200,000 users through the encoder took a second and ~100 MB of its tree.
enum UserSummaryRowsJSON {
    /// Writes `encoded[from...]` up to its empty `users` list, then the rows of `list` in
    /// its place; returns where the rest of `encoded` starts.
    static func write(_ list: UserSummaryList, in encoded: [UInt8], from: Int, pretty: Bool, to out: JSONByteBuffer) throws -> Int {
        // `users` is the last key of the report's data: `,"users":[]` (`,` cannot appear
        // before a quote inside a string, which escapes its quotes).
        let marker = Array((pretty ? ",\n    \"users\" : [\n\n    ]" : ",\"users\":[]").utf8)
        guard let found = UserDayRowsJSON.find(marker, in: Array(encoded[from...])) else { throw UserDayRowsJSON.MarkerMissing() }
        let at = from + found
        let prefixLength = marker.count - (pretty ? 7 : 1)  // through "[", without the empty body
        try out.append(encoded[from..<(at + prefixLength)])
        let (open, afterCount, afterFirst, afterLast, close) = pretty
            ? ("\n      {\n        \"activity_count\" : ", ",\n        \"first_seen\" : ", ",\n        \"last_seen\" : ",
                ",\n        \"user_id\" : ", "\n      }")
            : ("{\"activity_count\":", ",\"first_seen\":", ",\"last_seen\":", ",\"user_id\":", "}")
        let first = Array(open.utf8)
        let next = [UInt8(ascii: ",")] + first
        let (countEnd, firstEnd, lastEnd) = (Array(afterCount.utf8), Array(afterFirst.utf8), Array(afterLast.utf8))
        let users = UserDayRowsJSON.Texts(list.users) { UserDayRowsJSON.appendString($0, to: &$1); $1 += close.utf8 }
        var dates = DateTexts()
        try users.bytes.withUnsafeBufferPointer { userBytes in
            for (index, row) in list.rows.enumerated() {
                let user = users.spans[Int(row.user)]
                let userText = UnsafeBufferPointer(rebasing: userBytes[user.start..<(user.start + user.count)])
                let (firstText, lastText) = (dates.iso8601(row.first), dates.iso8601(row.last))
                try out.append(index == 0 ? first : next)
                try out.append(String(row.count).utf8)
                try out.append(countEnd)
                try out.append(firstText)
                try out.append(firstEnd)
                try out.append(lastText)
                try out.append(lastEnd)
                if try out.reserve(userText.count) { out.put(userText) } else { try out.append(userText) }
            }
        }
        try out.append(Array((pretty ? "\n    ]" : "]").utf8))
        return at + marker.count
    }

    /// Quoted `Timestamp.iso8601` texts, the date part kept per day (a window has few days).
    struct DateTexts {
        private var day = Int64.min
        private var date: [UInt8] = []
        private var text: [UInt8] = []

        mutating func iso8601(_ ms: Int64) -> [UInt8] {
            var (days, rest) = ms.quotientAndRemainder(dividingBy: 86_400_000)
            if rest < 0 { (days, rest) = (days - 1, rest + 86_400_000) }
            if days != day {
                day = days
                date = Array(("\"" + CivilDate(daysSinceEpoch: Int(days)).description + "T").utf8)
            }
            text.removeAll(keepingCapacity: true)
            text += date
            let seconds = Int(rest / 1000)
            let millis = Int(rest % 1000)
            two(seconds / 3600)
            text.append(UInt8(ascii: ":"))
            two(seconds / 60 % 60)
            text.append(UInt8(ascii: ":"))
            two(seconds % 60)
            if millis != 0 {
                text.append(UInt8(ascii: "."))
                text.append(UInt8(ascii: "0") + UInt8(millis / 100))
                two(millis % 100)
            }
            text += [UInt8(ascii: "Z"), UInt8(ascii: "\"")]
            return text
        }

        private mutating func two(_ value: Int) {
            text.append(UInt8(ascii: "0") + UInt8(value / 10))
            text.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
    }
}
