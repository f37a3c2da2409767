/// An output buffer for the JSON writers, handed to a sink whenever it fills up.
final class JSONByteBuffer {
    private let storage: UnsafeMutableRawBufferPointer
    private var used = 0
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    init(capacity: Int, _ sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        storage = .allocate(byteCount: capacity, alignment: 1)
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
        if used + count > storage.count { try flush() }
        return count <= storage.count
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
    /// sign and up to 19 digits).
    func putInteger(_ value: Int64) {
        var rest = value.magnitude
        if value < 0 {
            storage[used] = UInt8(ascii: "-")
            used += 1
        }
        var (low, high) = (used, used)
        repeat {
            storage[used] = UInt8(ascii: "0") + UInt8(rest % 10)
            used += 1
            rest /= 10
        } while rest > 0
        high = used - 1
        while low < high {
            storage.swapAt(low, high)
            low += 1
            high -= 1
        }
    }

    /// Appends any number of bytes, flushing as often as needed.
    func append(_ bytes: some Collection<UInt8>) throws {
        for byte in bytes {
            if used == storage.count { try flush() }
            storage[used] = byte
            used += 1
        }
    }
}
