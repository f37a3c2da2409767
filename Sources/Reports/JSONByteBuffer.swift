/// An output buffer for the JSON writers, handed to a sink whenever it fills up.
final class JSONByteBuffer {
    /// Bytes past the capacity that ``putWide(_:)`` may write into (and the next put writes
    /// over).
    static let slack = 16
    /// The room ``reserve(_:)`` hands out; the storage holds ``slack`` bytes more.
    private let capacity: Int
    private let storage: UnsafeMutableRawBufferPointer
    private var used = 0
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    init(capacity: Int, _ sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.capacity = capacity
        storage = .allocate(byteCount: capacity + Self.slack, alignment: 16)
        self.sink = sink
    }

    deinit { storage.deallocate() }

    func flush() throws {
        guard used > 0 else { return }
        try sink(UnsafeRawBufferPointer(rebasing: storage[..<used]))
        used = 0
    }

    /// Makes room for `count` more bytes; false when they cannot fit even in an empty buffer.
    func reserve(_ count: Int) throws -> Bool {
        if used + count > capacity { try flush() }
        return count <= capacity
    }

    /// Puts bytes that ``reserve(_:)`` made room for.
    func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        (storage.baseAddress! + used).copyMemory(from: base, byteCount: bytes.count)
        used += bytes.count
    }

    func put(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { put($0) }
    }

    /// Puts `text`, which ``reserve(_:)`` made room for, sixteen bytes at a time rather than
    /// through `memmove` (most texts of a row are shorter than a call costs): reads up to 15
    /// bytes past the end of `text`, which must be readable (``PaddedTexts``), and writes as far
    /// past the reserved room, into the ``slack``.
    func putWide(_ text: UnsafeBufferPointer<UInt8>) {
        let source = UnsafeRawPointer(text.baseAddress!)
        let count = text.count
        let target = storage.baseAddress! + used
        var offset = 0
        while offset < count {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self), toByteOffset: offset, as: SIMD16<UInt8>.self)
            offset += 16
        }
        used += count
    }

    /// Puts one byte that ``reserve(_:)`` made room for.
    func putByte(_ byte: UInt8) {
        storage[used] = byte
        used += 1
    }

    /// Puts `value` (0...99) as two digits that ``reserve(_:)`` made room for.
    func putTwoDigits(_ value: Int) {
        storage[used] = UInt8(ascii: "0") + UInt8(value / 10)
        storage[used + 1] = UInt8(ascii: "0") + UInt8(value % 10)
        used += 2
    }

    /// Decimal digits of `value`, as `JSONEncoder` writes an integer (reserve 20 bytes: a
    /// sign and up to 19 digits): counted first, then written from the last, two at a time.
    func putInteger(_ value: Int64) {
        var rest = value.magnitude
        if value < 0 {
            storage[used] = UInt8(ascii: "-")
            used += 1
        }
        var digits = 1
        var bound: UInt64 = 10
        while digits < 20 && rest >= bound {
            digits += 1
            if digits < 20 { bound &*= 10 }
        }
        used += digits
        var at = used
        while rest >= 100 {
            let pair = Int(rest % 100)
            rest /= 100
            at -= 2
            storage[at] = UInt8(ascii: "0") &+ UInt8(pair / 10)
            storage[at + 1] = UInt8(ascii: "0") &+ UInt8(pair % 10)
        }
        if rest >= 10 {
            storage[at - 2] = UInt8(ascii: "0") &+ UInt8(rest / 10)
            storage[at - 1] = UInt8(ascii: "0") &+ UInt8(rest % 10)
        } else {
            storage[at - 1] = UInt8(ascii: "0") &+ UInt8(rest)
        }
    }

    /// Appends any number of bytes, flushing as often as needed.
    func append(_ bytes: some Collection<UInt8>) throws {
        for byte in bytes {
            if used == capacity { try flush() }
            storage[used] = byte
            used += 1
        }
    }
}
