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
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>, receivedAt: Int64) throws(EventValidationError) -> TrackedEvent {
        var scanner = JSONScanner(bytes)
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
            if scanner.key(key, is: "event_type") {
                parts.eventType = try readValue(&scanner)
            } else if scanner.key(key, is: "event_data") {
                parts.eventData = try readEventDataValue(&scanner)
            } else if scanner.key(key, is: "service_name") {
                parts.serviceName = try readValue(&scanner)
            } else if scanner.key(key, is: "user_id") {
                parts.userId = try readValue(&scanner)
            } else if scanner.key(key, is: "timestamp") {
                parts.timestamp = try readValue(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
    }

    private func readValue(_ scanner: inout JSONScanner) throws(JSONSyntaxError) -> RawValue {
        switch try scanner.peek() {
        case UInt8(ascii: "\""):
            return .string(try scanner.string(scanner.scanString()))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let range = try scanner.scanNumber()
            return .number(scanner.double(range), text: scanner.text(range))
        default:
            return .other(try scanner.skipValue())
        }
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
    case number(Double?, text: String)
    case other(JSONValueKind)

    /// How a message names the value's JSON type.
    var kindName: String {
        switch self {
        case .string: "a string"
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

