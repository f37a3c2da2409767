/// Turns one tracked-event JSON document (the original service's `/track` body, one NDJSON line)
/// into a validated ``TrackedEvent``, or an ``EventValidationError`` naming the field at fault.
///
/// Unknown top-level keys are ignored, as the original (pydantic) did.
public struct EventDecoder: Sendable {
    public init() {}

    /// Decodes a JSON object held in a `String`.
    public func decode(_ json: String, receivedAt: Int64) throws(EventValidationError) -> TrackedEvent {
        var copy = json
        let result: Result<TrackedEvent, EventValidationError> = copy.withUTF8 { bytes in
            do throws(EventValidationError) {
                return .success(try decode(bytes, receivedAt: receivedAt))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes a JSON object held in bytes (`receivedAt` is epoch milliseconds: the default event
    /// time and the reference for the 24-hour future limit).
    /// `texts`, when given, makes the strings of values that repeat from line to line once
    /// (``TextCache``; one per thread).
    public func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, receivedAt: Int64, texts: TextCache? = nil
    ) throws(EventValidationError) -> TrackedEvent {
        var scanner = JSONScanner(bytes, texts: texts)
        let isObject: Bool
        do { isObject = try scanner.peek() == UInt8(ascii: "{") } catch { throw .malformed(error) }
        guard isObject else {
            do {
                try scanner.skipValue()
                try scanner.expectEnd()
            } catch {
                throw .malformed(error)
            }
            throw EventValidationError(field: nil, message: "expected a JSON object")
        }
        var parts = EventParts()
        do {
            try read(&scanner, into: &parts)
            try scanner.expectEnd()
        } catch {
            throw .malformed(error)
        }
        return try parts.validated(receivedAt: receivedAt)
    }

    private func read(_ scanner: inout JSONScanner, into parts: inout EventParts) throws(JSONSyntaxError) {
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            // Keys are told apart by length first (event_type and event_data share one).
            switch key.hasEscapes ? -1 : key.range.count {
            case 10 where scanner.key(key, is: "event_type"):
                parts.eventType = try readValue(&scanner)
            case 10 where scanner.key(key, is: "event_data"):
                parts.eventData = try readEventDataValue(&scanner)
            case 12 where scanner.key(key, is: "service_name"):
                parts.serviceName = try readValue(&scanner)
            case 7 where scanner.key(key, is: "user_id"):
                parts.userId = try readValue(&scanner)
            case 9 where scanner.key(key, is: "timestamp"):
                parts.timestamp = try readTimestamp(&scanner)
            case -1:
                try readEscapedKey(key, &scanner, into: &parts)
            default:
                try scanner.skipValue()
            }
        }
    }

    /// The rare key written with escapes (`"user\u005fid"`): compared after decoding.
    private func readEscapedKey(
        _ key: JSONScanner.StringToken, _ scanner: inout JSONScanner, into parts: inout EventParts
    ) throws(JSONSyntaxError) {
        switch try scanner.string(key) {
        case "event_type": parts.eventType = try readValue(&scanner)
        case "event_data": parts.eventData = try readEventDataValue(&scanner)
        case "service_name": parts.serviceName = try readValue(&scanner)
        case "user_id": parts.userId = try readValue(&scanner)
        case "timestamp": parts.timestamp = try readTimestamp(&scanner)
        default: try scanner.skipValue()
        }
    }

    /// Reads a value; a number's text is kept only when `keepNumberText` (for messages).
    func readValue(_ scanner: inout JSONScanner, keepNumberText: Bool = false) throws(JSONSyntaxError) -> RawValue {
        switch try scanner.peek() {
        case UInt8(ascii: "\""):
            return .string(try scanner.string(scanner.scanString()))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let range = try scanner.scanNumber()
            return .number(scanner.double(range), text: keepNumberText ? scanner.text(range) : "")
        default:
            return .other(try scanner.skipValue())
        }
    }

    /// Reads `timestamp`, parsing ISO-8601 text straight from the bytes (no String made unless
    /// the text is not a date-time and has to be quoted in the message).
    func readTimestamp(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> RawValue {
        guard try scanner.peek() == UInt8(ascii: "\"") else { return try readValue(&scanner, keepNumberText: true) }
        let token = try scanner.scanString()
        if !token.hasEscapes, let ms = Timestamp.parse(bytes: UnsafeBufferPointer(rebasing: scanner.bytes[token.range])) {
            return .time(ms)
        }
        return .string(try scanner.string(token))
    }

    /// Reads `event_data`: its raw text and, when it is an object, its well-known fields.
    func readEventDataValue(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> EventDataPart {
        guard try scanner.peek() == UInt8(ascii: "{") else {
            return .notObject(try scanner.skipValue())
        }
        let start = scanner.index
        var fields = EventFields()
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextKey(first: &first) {
            if let name = WellKnownField.match(key, in: scanner) {
                let value = try readValue(&scanner)
                name.assign(value, to: &fields)
            } else {
                try scanner.skipValue()
            }
        }
        return .object(raw: scanner.text(start..<scanner.index), fields: fields)
    }
}

/// A top-level value as read, before the rules of SPEC §2 are applied.
enum RawValue {
    case string(String)
    /// A number; `text` is its JSON text where a message may need it (`timestamp`), else empty.
    case number(Double?, text: String)
    /// A `timestamp` string already parsed to epoch milliseconds.
    case time(Int64)
    case other(JSONValueKind)

    /// How a message names the value's JSON type.
    var kindName: String {
        switch self {
        case .string, .time: "a string"
        case .number: "a number"
        case .other(.null): "null"
        case .other(.bool): "a boolean"
        case .other(.array): "an array"
        case .other(.object): "an object"
        case .other(.string): "a string"
        case .other(.number): "a number"
        }
    }

    var isNull: Bool {
        if case .other(.null) = self { return true }
        return false
    }
}

enum EventDataPart {
    case object(raw: String, fields: EventFields)
    case notObject(JSONValueKind)
}

