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
        let (start, size) = (bytes.count, recordSize(event))
        bytes.append(contentsOf: repeatElement(0, count: size))
        bytes.withUnsafeMutableBytes { write(event, size: size, to: $0.baseAddress! + start) }
    }

    /// The bytes of `event`'s record, its length included.
    static func recordSize(_ event: TrackedEvent) -> Int {
        let fields = event.fields
        var size = lengthSize + 8 + 2 + 8 + event.eventType.utf8.count + event.eventData.utf8.count
        func text(_ value: String?) { if let value { size += 4 + value.utf8.count } }
        func number(_ value: Double?) { if value != nil { size += 8 } }
        text(event.serviceName)
        text(event.userId)
        text(fields.deviceType)
        number(fields.processingTimeMs)
        number(fields.fileSizeMb)
        text(fields.errorType)
        text(fields.errorMessage)
        text(fields.service)
        text(fields.modelComplexity)
        number(fields.parametersExtracted)
        return size
    }

    /// Writes `event`'s record, `size` bytes as ``recordSize(_:)`` counts them, at `start`:
    /// each field stored in place, with no array grown a few bytes at a time.
    static func write(_ event: TrackedEvent, size: Int, to start: UnsafeMutableRawPointer) {
        var writer = Writer(position: start)
        writer.integer(UInt32(size - lengthSize))
        writer.integer(UInt64(bitPattern: event.timestamp))
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
        writer.integer(mask)
        writer.string(event.eventType)
        writer.string(event.eventData)
        if let value = event.serviceName { writer.string(value) }
        if let value = event.userId { writer.string(value) }
        if let value = fields.deviceType { writer.string(value) }
        if let value = fields.processingTimeMs { writer.integer(value.bitPattern) }
        if let value = fields.fileSizeMb { writer.integer(value.bitPattern) }
        if let value = fields.errorType { writer.string(value) }
        if let value = fields.errorMessage { writer.string(value) }
        if let value = fields.service { writer.string(value) }
        if let value = fields.modelComplexity { writer.string(value) }
        if let value = fields.parametersExtracted { writer.integer(value.bitPattern) }
        precondition(writer.position == start + size, "a sort-file record was not the size counted")
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

    /// Stores integers and strings one after another from a place in memory.
    struct Writer {
        var position: UnsafeMutableRawPointer

        mutating func integer<T: FixedWidthInteger>(_ value: T) {
            position.storeBytes(of: value.littleEndian, as: T.self)
            position += MemoryLayout<T>.size
        }

        /// The string's UTF-8 length (4 bytes) and bytes.
        mutating func string(_ value: String) {
            let copied: Void? = value.utf8.withContiguousStorageIfAvailable { bytes in
                integer(UInt32(bytes.count))
                if let base = bytes.baseAddress { position.copyMemory(from: base, byteCount: bytes.count) }
                position += bytes.count
            }
            if copied == nil {
                var native = value
                native.makeContiguousUTF8()
                string(native)
            }
        }
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
