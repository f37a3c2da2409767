import Foundation
@testable import Store
import Testing

/// The compact forms the rollups keep: numbered texts, per-day user blocks, quantile sketches.
@Suite("Rollup encodings")
struct RollupEncodingTests {
    @Test("the interner numbers texts in order of first appearance and finds each again by its bytes")
    func internerNumbersTexts() {
        var interner = TextInterner(capacity: 4)
        // Enough texts to grow the table several times; the empty text and non-Latin ones too.
        let texts = [""] + (0..<5_000).map { "user-\($0)" } + ["山田太郎", "Jürgen Groß", "e\u{301}", "é"]
        for (index, text) in texts.enumerated() { #expect(interner.number(text) == index) }
        for (index, text) in texts.enumerated().reversed() { #expect(interner.number(text) == index) }
        #expect(interner.count == texts.count)
        #expect(interner.strings == texts)
        // By bytes, as SQLite compares them: a decomposed é is another user than a composed one.
        #expect(interner.number("e\u{301}") != interner.number("é"))
    }

    @Test("a text numbered as a String is found by its bytes and the other way round, before and after reserving room")
    func internerFindsTextsEitherWay() {
        var interner = TextInterner(capacity: 4)
        let texts = (0..<3_000).map { $0 % 3 == 0 ? "用户-\($0)" : "user-\($0)" }
        func bytesNumber(_ text: String) -> Int {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { interner.number($0) }
        }
        for (index, text) in texts.enumerated() {
            #expect((index % 2 == 0 ? interner.number(text) : bytesNumber(text)) == index)
            if index == 1_000 { interner.reserveCapacity(50_000) }
        }
        for (index, text) in texts.enumerated() {
            #expect((index % 2 == 0 ? bytesNumber(text) : interner.number(text)) == index)
        }
        interner.reserveCapacity(10)  // smaller than held: changes nothing
        #expect(interner.number(texts[2_999]) == 2_999)
        #expect(interner.count == texts.count)
        #expect(interner.strings == texts)
        // Bytes that are not UTF-8 are the text they read as, with its number.
        let bad: [UInt8] = [0x61, 0xFF]
        let repaired = bad.withUnsafeBufferPointer { interner.number($0) }
        #expect(repaired == texts.count)
        #expect(interner.number("a\u{FFFD}") == repaired)
    }

    /// `sorting` 5 compares ids as bytes; 1,000 (many more entries than users) ranks the ids first.
    @Test(
        "a user-day block lists its users by events descending, then id by bytes, and reads back the same",
        arguments: [5, 1_000])
    func userDayBlockRoundTrip(sorting: Int) {
        let names = ["carol", "alice", "bob", "Zed", "山田太郎"]
        let entries = [
            UserDayBlock.Entry(user: 0, activity: UserActivity(events: 3, first: 10, last: 30)),
            UserDayBlock.Entry(user: 1, activity: UserActivity(events: 3, first: 11, last: 31)),
            UserDayBlock.Entry(user: 2, activity: UserActivity(events: 7, first: 5, last: 50)),
            UserDayBlock.Entry(user: 3, activity: UserActivity(events: 3, first: -2, last: 1_795_787_232_000)),
            UserDayBlock.Entry(user: 4, activity: UserActivity(events: 1, first: 40, last: 40)),
        ]
        let block = UserDayBlock.encode(ordered: UserDayBlock.sorted(entries, UserDayBlock.Order(names, sorting: sorting)))
        #expect(block.count == 5 * 28)
        var read: [UserDayBlock.Entry] = []
        block.withUnsafeBytes { UserDayBlock.decode($0) { read.append($0) } }
        // bob (7), then the three with 3 by id bytes: "Zed" < "alice" < "carol" (uppercase first), then 山田太郎 (1).
        #expect(read.map { names[$0.user] } == ["bob", "Zed", "alice", "carol", "山田太郎"])
        #expect(Set(read.map { "\($0.user) \($0.activity)" }) == Set(entries.map { "\($0.user) \($0.activity)" }))
    }

    @Test("a day's blocks summed into per-user totals give each user's events, first and last time over the days")
    func userDayBlocksSum() {
        // Three days; user 5 only on the last, user 0 on every day (its first time on day 2).
        let days: [[UserDayBlock.Entry]] = [
            [.init(user: 0, activity: UserActivity(events: 4, first: 100, last: 900)), .init(user: 2, activity: UserActivity(events: 1, first: 50, last: 50))],
            [.init(user: 0, activity: UserActivity(events: 2, first: -7, last: 3)), .init(user: 1, activity: UserActivity(events: 9, first: 10, last: 20))],
            [.init(user: 5, activity: UserActivity(events: 3, first: 1_000, last: 2_000)), .init(user: 0, activity: UserActivity(events: 1, first: 950, last: 950))],
        ]
        var totals = [UserActivity](repeating: UserActivity(), count: 3)
        for day in days {
            UserDayBlock.encode(ordered: day).withUnsafeBytes { block in
                let largest = UserDayBlock.largestUser(block)
                if largest >= totals.count { totals.append(contentsOf: repeatElement(UserActivity(), count: largest + 1 - totals.count)) }
                totals.withUnsafeMutableBufferPointer { UserDayBlock.sum(block, into: $0) }
            }
        }
        #expect(totals == [
            UserActivity(events: 7, first: -7, last: 950), UserActivity(events: 9, first: 10, last: 20), UserActivity(events: 1, first: 50, last: 50),
            UserActivity(), UserActivity(), UserActivity(events: 3, first: 1_000, last: 2_000),
        ])
        #expect(Data().withUnsafeBytes { UserDayBlock.largestUser($0) } == -1)
    }

    /// A batch is what the fold threads hand a merge: users numbered, days ascending, each day's
    /// entries in the list order — checked here against a plain sort of (day, −events, id bytes).
    @Test("a user-day batch lists days ascending and each day's users by events descending, then id by bytes")
    func userDayBatchOrder() {
        var userDays: [UserDayKey: UserActivity] = [:]
        var state: UInt64 = 42
        for _ in 0..<3_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let day = 20_000 + Int(state >> 60)  // 16 days
            let user = ["u\((state >> 50) & 255)", "Ü\((state >> 40) & 7)", "山\((state >> 45) & 3)"][Int((state >> 35) % 3)]
            userDays[UserDayKey(day: day, userId: user), default: UserActivity()].add(Int64((state >> 20) & 0xFFFF))
        }
        let batch = UserDayBatch(userDays)
        #expect(batch.entryCount == userDays.count)
        #expect(batch.names.count == Set(userDays.keys.map(\.userId)).count)
        let listed = batch.days.flatMap { day in day.entries.map { (day.day, batch.names[$0.user], $0.activity) } }
        let expected = userDays.sorted { lhs, rhs in
            if lhs.key.day != rhs.key.day { return lhs.key.day < rhs.key.day }
            if lhs.value.events != rhs.value.events { return lhs.value.events > rhs.value.events }
            return Array(lhs.key.userId.utf8).lexicographicallyPrecedes(Array(rhs.key.userId.utf8))
        }
        #expect(listed.map { "\($0.0) \($0.1) \($0.2)" } == expected.map { "\($0.key.day) \($0.key.userId) \($0.value)" })
        // Each user's first event time is the earliest of their days.
        for (number, name) in batch.names.enumerated() {
            #expect(batch.firsts[number] == userDays.filter { $0.key.userId == name }.map(\.value.first).min())
        }
    }

    @Test("a sketch read back from its bytes is the same sketch, and merging in any order gives the same bytes")
    func sketchEncodingIsCanonical() throws {
        var state: UInt64 = 7
        func value() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let unit = Double(state >> 11) / Double(1 << 53)
            // Zero and sub-limit values (the zero bucket), small and large ones.
            return unit < 0.05 ? 0 : unit < 0.1 ? 1e-12 : exp(unit * 14 - 4)
        }
        var parts = [QuantileSketch(), QuantileSketch(), QuantileSketch()]
        var whole = QuantileSketch()
        for index in 0..<30_000 {
            let sample = value()
            parts[index % 3].add(sample)
            whole.add(sample)
        }
        var forward = QuantileSketch()
        for part in parts { forward.merge(part) }
        var backward = QuantileSketch()
        for part in parts.reversed() { backward.merge(part) }
        #expect(forward == whole && backward == whole)
        #expect(forward.encoded == whole.encoded && backward.encoded == whole.encoded)
        #expect(whole.count == 30_000)
        let decoded = QuantileSketch(encoded: whole.encoded)
        #expect(decoded == whole)
        #expect(decoded.encoded == whole.encoded)
        for q in [0.01, 0.05, 0.5, 0.95, 0.99, 1.0] {
            #expect(decoded.quantile(q, min: 0, max: 1e9) == whole.quantile(q, min: 0, max: 1e9))
        }
        // The bytes: (Int32 index, Int64 count) pairs, by index, the zero bucket (Int32.min) first.
        let bytes = [UInt8](whole.encoded)
        let indexes = stride(from: 0, to: bytes.count, by: 12).map { offset in
            bytes[offset..<(offset + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }.map { Int32(bitPattern: $0) }
        #expect(indexes.first == Int32.min)
        #expect(indexes == indexes.sorted())
        #expect(QuantileSketch(encoded: Data()) == QuantileSketch())
    }

    /// Builds the stored form by hand: (Int32 index, Int64 count) pairs, little-endian.
    private func encodedSketch(_ buckets: [(Int32, Int64)]) -> Data {
        var data = Data()
        for (index, count) in buckets {
            withUnsafeBytes(of: index.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: count.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    @Test("a bucket counted past UInt32.max keeps its exact count through adding, merging and storing")
    func sketchCountsPastThirtyTwoBits() {
        // A bucket of 2³² + 5 events beside two small ones, as a year of one service's
        // timings at one value could be; the low 32 bits alone would read 5.
        let big: Int64 = (1 << 32) + 5
        let stored = encodedSketch([(-3, 7), (10, big), (12, 1)])
        let sketch = QuantileSketch(encoded: stored)
        #expect(sketch.count == big + 8)
        #expect(sketch.encoded == stored)
        // Merging two buckets whose low parts wrap around carries into the high part.
        let nearlyFull = encodedSketch([(10, Int64(UInt32.max))])
        var merged = QuantileSketch(encoded: nearlyFull)
        merged.merge(QuantileSketch(encoded: encodedSketch([(10, 6)])))
        #expect(merged.count == Int64(UInt32.max) + 6)
        #expect(merged == QuantileSketch(encoded: encodedSketch([(10, Int64(UInt32.max) + 6)])))
        #expect(merged.encoded == encodedSketch([(10, Int64(UInt32.max) + 6)]))
        // Both ways of merging the big sketch with the wrapped one give the same value and bytes.
        var one = sketch
        one.merge(merged)
        var other = merged
        other.merge(sketch)
        #expect(one == other && one.encoded == other.encoded)
        let expected = encodedSketch([(-3, 7), (10, big + Int64(UInt32.max) + 6), (12, 1)])
        #expect(one.encoded == expected)
        #expect(one.count == big + 8 + Int64(UInt32.max) + 6)
        // The median's rank lies inside the big bucket; the top one is the last bucket's.
        #expect(one.quantile(0.5, min: 0, max: 1e9) == QuantileSketch.representative(10))
        #expect(one.quantile(1.0, min: 0, max: 1e9) == QuantileSketch.representative(12))
        // Adding one event at a time to a bucket at UInt32.max carries too.
        var added = QuantileSketch(encoded: nearlyFull)
        added.add(QuantileSketch.representative(10))
        #expect(added.encoded == encodedSketch([(10, Int64(UInt32.max) + 1)]))
    }

    @Test(
        "a bucket counted past 65,535, one event at a time or by merging, keeps its exact count",
        arguments: [65_535, 65_536, 200_003])
    func sketchCountsPastSixteenBits(events: Int) {
        // One value added `events` times in three sketches, beside a small bucket; then merged.
        let value = QuantileSketch.representative(40)
        var parts = [QuantileSketch(), QuantileSketch(), QuantileSketch()]
        for index in 0..<events { parts[index % 3].add(value) }
        parts[0].add(QuantileSketch.representative(-2))
        var whole = QuantileSketch()
        for part in parts { whole.merge(part) }
        var single = QuantileSketch()
        for _ in 0..<events { single.add(value) }
        single.add(QuantileSketch.representative(-2))
        let expected = encodedSketch([(-2, 1), (40, Int64(events))])
        #expect(whole.count == Int64(events) + 1)
        #expect(whole.encoded == expected)
        #expect(single.encoded == expected)
        #expect(whole == single)
        #expect(QuantileSketch(encoded: expected) == whole)
        // The median lies in the big bucket, the lowest rank in the small one.
        #expect(whole.quantile(0.5, min: 0, max: 1e9) == value)
        #expect(whole.quantile(1 / Double(events + 1), min: 0, max: 1e9) == QuantileSketch.representative(-2))
    }
}
