internal import Foundation
internal import Model

/// Writes the `users` list of a user activity report as `JSONEncoder` does (sorted keys,
/// unescaped slashes): the part of ``UserDayRowsJSON/splice(_:users:into:pretty:_:)`` after the
/// user_activity rows. 200,000 users through the encoder took a second and ~100 MB of its tree.
enum UserSummaryRowsJSON {
    /// Writes `encoded[from...]` up to its empty `users` list, then the rows of `list` in
    /// its place; returns where the rest of `encoded` starts. `texts` are the rows' user texts
    /// (``UserDayRowsJSON/userTexts(_:pretty:)`` of `list.users`) when the caller has them.
    static func write(
        _ list: UserSummaryList, in encoded: [UInt8], from: Int, pretty: Bool, userTexts texts: PaddedTexts? = nil, to out: JSONByteBuffer
    ) throws -> Int {
        // `users` is the last key of the report's data: `,"users":[]` (`,` cannot appear
        // before a quote inside a string, which escapes its quotes).
        let marker = Array((pretty ? ",\n    \"users\" : [\n\n    ]" : ",\"users\":[]").utf8)
        guard let found = UserDayRowsJSON.find(marker, in: Array(encoded[from...])) else { throw UserDayRowsJSON.MarkerMissing() }
        let at = from + found
        let prefixLength = marker.count - (pretty ? 7 : 1)  // through "[", without the empty body
        try out.append(encoded[from..<(at + prefixLength)])
        // (The closing brace after the user id: UserDayRowsJSON.userTexts(_:pretty:).)
        let (open, afterCount, afterFirst, afterLast) = pretty
            ? ("\n      {\n        \"activity_count\" : ", ",\n        \"first_seen\" : ", ",\n        \"last_seen\" : ",
                ",\n        \"user_id\" : ")
            : ("{\"activity_count\":", ",\"first_seen\":", ",\"last_seen\":", ",\"user_id\":")
        let openings = PaddedTexts([open, "," + open]) { $1 += $0.utf8 }
        let (countEnd, firstEnd, lastEnd) = (Array(afterCount.utf8), Array(afterFirst.utf8), Array(afterLast.utf8))
        let users = texts ?? UserDayRowsJSON.userTexts(list.users, pretty: pretty)
        var dates = DateTexts()
        try users.withTexts { users in
            try openings.withTexts { openings in
                for (index, row) in list.rows.enumerated() {
                    let (opening, userText) = (openings[index == 0 ? 0 : 1], users[Int(row.user)])
                    let (firstDate, lastDate) = (dates.prefix(row.first), dates.prefix(row.last))
                    let count = opening.count + 20 + countEnd.count + firstDate.count + firstEnd.count + lastDate.count + lastEnd.count
                        + 2 * DateTexts.timeCount + userText.count
                    guard try out.reserve(count) else {
                        // A user id longer than the buffer: the slow way.
                        try out.append(opening)
                        try out.append(String(row.count).utf8)
                        for part in [countEnd, dates.text(row.first), firstEnd, dates.text(row.last), lastEnd] { try out.append(part) }
                        try out.append(userText)
                        continue
                    }
                    out.putWide(opening)
                    out.putInteger(Int64(row.count))
                    out.put(countEnd)
                    DateTexts.put(row.first, prefix: firstDate, to: out)
                    out.put(firstEnd)
                    DateTexts.put(row.last, prefix: lastDate, to: out)
                    out.put(lastEnd)
                    out.putWide(userText)
                }
            }
        }
        try out.append(Array((pretty ? "\n    ]" : "]").utf8))
        return at + marker.count
    }

    /// Quoted `Timestamp.iso8601` texts, written straight into the output; the date part is
    /// made once per day (a window has few days, its users hundreds of thousands).
    struct DateTexts {
        /// `HH:MM:SS.mmmZ"` at most.
        static let timeCount = 14
        private var prefixes: [Int64: [UInt8]] = [:]

        /// `"YYYY-MM-DDT` of the day of `ms` (UTC).
        mutating func prefix(_ ms: Int64) -> [UInt8] {
            let days = Self.split(ms).days
            if let known = prefixes[days] { return known }
            let made = Array(("\"" + CivilDate(daysSinceEpoch: Int(days)).description + "T").utf8)
            prefixes[days] = made
            return made
        }

        /// The whole quoted text of `ms` (the slow way, for rows that do not fit the buffer).
        mutating func text(_ ms: Int64) -> [UInt8] {
            var text: [UInt8] = []
            let sink = JSONByteBuffer(capacity: 64) { text += $0 }
            Self.put(ms, prefix: prefix(ms), to: sink)
            try? sink.flush()
            return text
        }

        /// Writes the quoted text of `ms` whose date part is `prefix` (reserve `prefix.count +`
        /// ``timeCount`` bytes first): seconds always, milliseconds when not zero.
        static func put(_ ms: Int64, prefix: [UInt8], to out: JSONByteBuffer) {
            let rest = Int(split(ms).rest)
            let seconds = rest / 1000
            let millis = rest % 1000
            out.put(prefix)
            out.putTwoDigits(seconds / 3600)
            out.putByte(UInt8(ascii: ":"))
            out.putTwoDigits(seconds / 60 % 60)
            out.putByte(UInt8(ascii: ":"))
            out.putTwoDigits(seconds % 60)
            if millis != 0 {
                out.putByte(UInt8(ascii: "."))
                out.putByte(UInt8(ascii: "0") + UInt8(millis / 100))
                out.putTwoDigits(millis % 100)
            }
            out.putByte(UInt8(ascii: "Z"))
            out.putByte(UInt8(ascii: "\""))
        }

        /// Days since the epoch and milliseconds into the day (UTC).
        private static func split(_ ms: Int64) -> (days: Int64, rest: Int64) {
            var (days, rest) = ms.quotientAndRemainder(dividingBy: 86_400_000)
            if rest < 0 { (days, rest) = (days - 1, rest + 86_400_000) }
            return (days, rest)
        }
    }
}
