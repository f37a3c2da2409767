internal import Model

/// The bytes of one event in an import's sort file (``RunSpill``): every field of
/// ``TrackedEvent``, so an event read back is equal to the one written.
///
/// A record is its payload's length (4 bytes), then the time (8), a mask of the optional fields
/// present (2), the event type and data, then each optional field present in declaration order:
/// strings as a 4-byte length and their UTF-8 bytes, numbers as the 8 bytes of the `Double`.
/// Integers are little-endian. The file lives only as long as the import, so the layout carries
/// no version.
enum SpillCodec {
    /// Bytes before a record's payload.
    static let lengthSize = 4

    /// Appends `event` as one record.
    static func append(_ event: TrackedEvent, to bytes: inout [UInt8]) {
        let start = bytes.count
        appendInteger(UInt32(0), to: &bytes)  // the length, filled in at the end
        appendInteger(UInt64(bitPattern: event.timestamp), to: &bytes)
        let fields = event.fields
        var mask: UInt16 = 0
        func mark(_ bit: UInt16, _ present: Bool) { if present { mask |= 1 << bit } }
        mark(0, event.serviceName != nil)
        mark(1, event.userId != nil)
        mark(2, fields.deviceType != nil)
        mark(3, fields.processingTimeMs != nil)
        mark(4, fields.fileSizeMb != nil)
        mark(5, fields.errorType != nil)
        mark(6, fields.errorMessage != nil)
        mark(7, fields.service != nil)
        mark(8, fields.modelComplexity != nil)
        mark(9, fields.parametersExtracted != nil)
        appendInteger(mask, to: &bytes)
        appendString(event.eventType, to: &bytes)
        appendString(event.eventData, to: &bytes)
        if let value = event.serviceName { appendString(value, to: &bytes) }
        if let value = event.userId { appendString(value, to: &bytes) }
        if let value = fields.deviceType { appendString(value, to: &bytes) }
        if let value = fields.processingTimeMs { appendInteger(value.bitPattern, to: &bytes) }
        if let value = fields.fileSizeMb { appendInteger(value.bitPattern, to: &bytes) }
        if let value = fields.errorType { appendString(value, to: &bytes) }
        if let value = fields.errorMessage { appendString(value, to: &bytes) }
        if let value = fields.service { appendString(value, to: &bytes) }
        if let value = fields.modelComplexity { appendString(value, to: &bytes) }
        if let value = fields.parametersExtracted { appendInteger(value.bitPattern, to: &bytes) }
        let length = UInt32(bytes.count - start - lengthSize).littleEndian
        withUnsafeBytes(of: length) { bytes.replaceSubrange(start..<start + lengthSize, with: $0) }
    }

    /// The payload length of the record at the start of `bytes` (which holds at least
    /// ``lengthSize`` bytes).
    static func payloadLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        Int(UInt32(littleEndian: UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(as: UInt32.self)))
    }

    /// The event of one payload, or nil when the bytes are not a whole payload. The import binds
    /// payloads without making events (``bind(_:to:row:receivedAt:)``); this is the format's
    /// reference reader, against which the tests check what was written and what was bound.
    static func decode(_ payload: UnsafeBufferPointer<UInt8>) -> TrackedEvent? {
        var reader = Reader(bytes: payload)
        guard let time = reader.integer(UInt64.self), let mask = reader.integer(UInt16.self),
            let eventType = reader.string(), let eventData = reader.string()
        else { return nil }
        func has(_ bit: UInt16) -> Bool { mask & (1 << bit) != 0 }
        var event = TrackedEvent(eventType: eventType, eventData: eventData, timestamp: Int64(bitPattern: time))
        var ok = true
        func string(_ bit: UInt16) -> String? {
            guard has(bit) else { return nil }
            let value = reader.string()
            if value == nil { ok = false }
            return value
        }
        func number(_ bit: UInt16) -> Double? {
            guard has(bit) else { return nil }
            guard let value = reader.integer(UInt64.self) else { ok = false; return nil }
            return Double(bitPattern: value)
        }
        event.serviceName = string(0)
        event.userId = string(1)
        event.fields.deviceType = string(2)
        event.fields.processingTimeMs = number(3)
        event.fields.fileSizeMb = number(4)
        event.fields.errorType = string(5)
        event.fields.errorMessage = string(6)
        event.fields.service = string(7)
        event.fields.modelComplexity = string(8)
        event.fields.parametersExtracted = number(9)
        guard ok, reader.position == payload.count else { return nil }
        return event
    }

    private static func appendInteger<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func appendString(_ value: String, to bytes: inout [UInt8]) {
        appendInteger(UInt32(value.utf8.count), to: &bytes)
        bytes.append(contentsOf: value.utf8)
    }

    /// Reads a payload front to back; nil past its end.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
            let size = MemoryLayout<T>.size
            guard bytes.count - position >= size else { return nil }
            defer { position += size }
            return T(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: T.self))
        }

        mutating func string() -> String? {
            text().map { String(decoding: $0, as: UTF8.self) }
        }

        /// A string's UTF-8 bytes, in place.
        mutating func text() -> UnsafeBufferPointer<UInt8>? {
            guard let length = integer(UInt32.self).map(Int.init), bytes.count - position >= length else { return nil }
            defer { position += length }
            return UnsafeBufferPointer(rebasing: bytes[position..<position + length])
        }
    }
}
