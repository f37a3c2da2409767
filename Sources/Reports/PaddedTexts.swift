/// Texts as JSON bytes, one after another, with where each starts — and ``JSONByteBuffer/slack``
/// bytes after the last, so that ``JSONByteBuffer/putWide(_:)`` may read past any of them.
///
/// A text of at most 16 bytes is also kept in a 16-byte slot of its own, found from its number
/// alone. The rows of a window name their users in no order the texts are in (by day, most
/// active first), so each row's user is a read from anywhere in megabytes of texts: one read
/// of a slot (its length beside it in a small array), rather than a read of where the text
/// starts and then one of the text.
struct PaddedTexts {
    private var bytes: [UInt8] = []
    private var spans: [Span] = []
    /// Each text's 16-byte slot: its bytes, then whatever followed them (a long text's slot is
    /// not read).
    private var slots: [SIMD16<UInt8>] = []
    /// Each text's length when it fits its slot, else ``long``.
    private var lengths: [UInt8] = []
    private static let long = UInt8.max

    struct Span {
        var start: Int
        var count: Int
    }

    /// The texts `write` makes of `texts`, in order (text `n` of `texts` is text `n` here).
    init(_ texts: some Sequence<String>, _ write: (String, inout [UInt8]) -> Void) {
        for text in texts {
            let start = bytes.count
            write(text, &bytes)
            let count = bytes.count - start
            spans.append(Span(start: start, count: count))
            lengths.append(count <= 16 ? UInt8(count) : Self.long)
        }
        bytes += repeatElement(0, count: JSONByteBuffer.slack)
        slots = bytes.withUnsafeBytes { bytes in
            spans.map { bytes.loadUnaligned(fromByteOffset: $0.start, as: SIMD16<UInt8>.self) }
        }
    }

    /// The texts by number, valid during ``withTexts(_:)``.
    struct View {
        fileprivate let base: UnsafePointer<UInt8>
        fileprivate let spans: UnsafeBufferPointer<Span>
        fileprivate let slots: UnsafeRawPointer
        fileprivate let lengths: UnsafeBufferPointer<UInt8>

        subscript(_ number: Int) -> UnsafeBufferPointer<UInt8> {
            let length = lengths[number]
            if length != PaddedTexts.long {
                return UnsafeBufferPointer(start: (slots + 16 * number).assumingMemoryBound(to: UInt8.self), count: Int(length))
            }
            let span = spans[number]
            return UnsafeBufferPointer(start: base + span.start, count: span.count)
        }
    }

    func withTexts<R>(_ body: (View) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try spans.withUnsafeBufferPointer { spans in
                try slots.withUnsafeBytes { slots in
                    try lengths.withUnsafeBufferPointer { lengths in
                        try body(View(base: bytes.baseAddress!, spans: spans, slots: slots.baseAddress ?? UnsafeRawPointer(bytes.baseAddress!), lengths: lengths))
                    }
                }
            }
        }
    }
}
