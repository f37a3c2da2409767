internal import Foundation

/// Strings made from JSON text, remembered by their bytes so that a value met again (an event
/// type, a service, a device, a user) is the string made before rather than a new one.
///
/// Why: a string of more than 15 UTF-8 bytes does not fit in Swift's inline form, so each one
/// made is a heap allocation and a copy, and its release later a free. An import of 10M events
/// made two or three such strings per line for values that repeat line after line
/// (`"document_processed"`, `"parameter-extractor"`), and allocation and freeing were a fifth
/// of the reading thread's time. A cached string costs a hash of its bytes and a comparison.
///
/// Direct-mapped: each text has one slot by its hash, and a different text there replaces it,
/// so memory stays bounded whatever the number of distinct values. One thread uses a cache.
public final class TextCache {
    /// Slots (a power of two).
    static let slotCount = 4096
    /// Texts longer than this are made each time (long values seldom repeat, and hashing them
    /// would cost more than it saves).
    static let longest = 64

    private let slots: UnsafeMutablePointer<String?>

    public init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: nil, count: Self.slotCount)
    }

    deinit {
        slots.deinitialize(count: Self.slotCount)
        slots.deallocate()
    }

    /// The string of UTF-8 `bytes` (ill-formed sequences repaired, as `String(decoding:as:)`
    /// does): the one made before from the same bytes when the slot still holds it.
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Short texts are stored inline in the string itself: nothing to save.
        guard bytes.count > 15, bytes.count <= Self.longest else { return String(decoding: bytes, as: UTF8.self) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let slot = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & (Self.slotCount - 1)
        if let cached = slots[slot], Self.same(cached, bytes) { return cached }
        let made = String(decoding: bytes, as: UTF8.self)
        slots[slot] = made
        return made
    }

    /// Whether `string`'s UTF-8 is exactly `bytes` (a cached string was made from valid UTF-8
    /// or repaired; repaired text differs from its bytes and is never matched, only remade).
    private static func same(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        } ?? string.utf8.elementsEqual(bytes)
    }
}
