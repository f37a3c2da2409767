internal import Model

/// What one line of an NDJSON import is: an event, nothing (a line of spaces and tabs only), or
/// a rejection with its reason. The one reading of a line, whichever thread decodes it (the
/// reader, or the writer for lines lent to it, ``LineChunk``).
enum NDJSONLine {
    case event(TrackedEvent)
    case blank
    case rejected(String)

    static let overlongReason = "line longer than 4 MiB"

    /// A line of spaces and tabs only (or none).
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Validates `line` as ``LineReader/next()`` returned it.
    init(_ line: LineReader.Line, decoder: EventDecoder, receivedAt: Int64, texts: TextCache) {
        switch line {
        case .overlong:
            self = .rejected(Self.overlongReason)
        case .text(let bytes):
            if Self.isBlank(bytes) {
                self = .blank
                return
            }
            do throws(EventValidationError) {
                self = .event(try decoder.decode(bytes, receivedAt: receivedAt, texts: texts))
            } catch {
                self = .rejected(error.description)
            }
        }
    }
}
