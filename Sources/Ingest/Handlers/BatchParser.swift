import Model

/// Splits a batch body — a JSON array of events, or NDJSON (one event per line) — and decodes
/// each event with the same ``EventDecoder`` as the single endpoint. Every event is checked, so
/// a refused batch lists each bad one.
struct BatchParser {
    struct Failure {
        /// 0-based position of the event in the batch.
        var index: Int
        /// 1-based line of an NDJSON body.
        var line: Int?
        var error: EventValidationError
    }

    enum Outcome {
        case events([TrackedEvent])
        case invalid([Failure], total: Int)
        /// The body as a whole is not a JSON array (400).
        case malformed(String)
        case tooMany
    }

    let maxEvents: Int
    let receivedAt: Int64
    private let decoder = EventDecoder()

    init(maxEvents: Int, receivedAt: Int64) {
        self.maxEvents = maxEvents
        self.receivedAt = receivedAt
    }

    func parse(_ bytes: UnsafeBufferPointer<UInt8>, format: BodyFormat) -> Outcome {
        var collector = Collector(maxEvents: maxEvents)
        switch format {
        case .ndjson:
            parseLines(bytes, into: &collector)
        case .json:
            if let problem = parseArray(bytes, into: &collector) { return .malformed(problem) }
        }
        if collector.tooMany { return .tooMany }
        if !collector.failures.isEmpty { return .invalid(collector.failures, total: collector.count) }
        return .events(collector.events)
    }

    private struct Collector {
        let maxEvents: Int
        var events: [TrackedEvent] = []
        var failures: [Failure] = []
        var count = 0
        var tooMany = false
    }

    private func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int?, into collector: inout Collector
    ) {
        guard collector.count < collector.maxEvents else {
            collector.tooMany = true
            return
        }
        let index = collector.count
        collector.count += 1
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        do throws(EventValidationError) {
            let event = try decoder.decode(slice, receivedAt: receivedAt)
            if collector.failures.isEmpty { collector.events.append(event) }
        } catch {
            collector.failures.append(Failure(index: index, line: line, error: error))
            collector.events = []
        }
    }

    /// NDJSON: each non-blank line is one event (`\r\n` endings accepted).
    private func parseLines(_ bytes: UnsafeBufferPointer<UInt8>, into collector: inout Collector) {
        var start = 0
        var line = 1
        let count = bytes.count
        while start < count && !collector.tooMany {
            var end = start
            while end < count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var last = end
            while last > start && Self.isWhitespace(bytes[last - 1]) { last -= 1 }
            var first = start
            while first < last && Self.isWhitespace(bytes[first]) { first += 1 }
            if first < last { decode(bytes, first..<last, line: line, into: &collector) }
            start = end + 1
            line += 1
        }
    }

    /// A JSON array: finds each element's extent (strings and nesting respected) and decodes it.
    /// Returns why the body is not an array, or nil.
    private func parseArray(_ bytes: UnsafeBufferPointer<UInt8>, into collector: inout Collector) -> String? {
        let count = bytes.count
        var index = skipWhitespace(bytes, from: 0)
        guard index < count else { return "empty body; expected a JSON array of events" }
        guard bytes[index] == UInt8(ascii: "[") else {
            return "expected a JSON array of events (or NDJSON with Content-Type: application/x-ndjson)"
        }
        index = skipWhitespace(bytes, from: index + 1)
        if index < count && bytes[index] == UInt8(ascii: "]") {
            index = skipWhitespace(bytes, from: index + 1)
            return index == count ? nil : "malformed JSON at byte \(index + 1): unexpected data after the array"
        }
        while true {
            let start = index
            var depth = 0
            scan: while index < count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    while index < count && bytes[index] != UInt8(ascii: "\"") {
                        if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                        index += 1
                    }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { break scan }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { break scan }
                default:
                    break
                }
                index += 1
            }
            guard index < count else { return "malformed JSON at byte \(count): the array is not closed" }
            decode(bytes, start..<index, line: nil, into: &collector)
            if collector.tooMany { return nil }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "]") { break }
            guard separator == UInt8(ascii: ",") else {
                return "malformed JSON at byte \(index): expected , or ] in the array"
            }
        }
        index = skipWhitespace(bytes, from: index)
        return index == count ? nil : "malformed JSON at byte \(index + 1): unexpected data after the array"
    }

    private func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count && Self.isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
