/// The rules of SPEC §2 for each top-level field, in one place. Import, the ingest daemon and the
/// demo all go through these; every failure names its field.
public enum EventRules {
    public static let maxEventTypeLength = 128
    public static let maxServiceNameLength = 128
    public static let maxUserIdLength = 256
    public static let maxEventDataBytes = 64 * 1024
    /// Events more than this far in the future of their receipt are refused.
    public static let maxFutureMilliseconds: Int64 = 24 * 3_600_000

    public static func checkEventType(_ value: String) throws(EventValidationError) {
        let utf8 = value.utf8
        guard !utf8.isEmpty else {
            throw EventValidationError(field: "event_type", message: "must not be empty")
        }
        guard utf8.count <= maxEventTypeLength else {
            throw EventValidationError(
                field: "event_type", message: "longer than \(maxEventTypeLength) characters")
        }
        let allowed = utf8.withContiguousStorageIfAvailable { $0.allSatisfy(isEventTypeByte) }
            ?? utf8.allSatisfy(isEventTypeByte)
        if !allowed {
            throw EventValidationError(
                field: "event_type", message: "may only contain letters, digits and _ . : - (got \(quoted(value)))")
        }
    }

    public static func checkServiceName(_ value: String) throws(EventValidationError) {
        // Never more scalars than UTF-8 bytes: short text needs no counting.
        if value.utf8.count > maxServiceNameLength, value.unicodeScalars.count > maxServiceNameLength {
            throw EventValidationError(
                field: "service_name", message: "longer than \(maxServiceNameLength) characters")
        }
    }

    public static func checkUserId(_ value: String) throws(EventValidationError) {
        if value.utf8.count > maxUserIdLength, value.unicodeScalars.count > maxUserIdLength {
            throw EventValidationError(field: "user_id", message: "longer than \(maxUserIdLength) characters")
        }
    }

    public static func checkEventDataSize(_ byteCount: Int) throws(EventValidationError) {
        if byteCount > maxEventDataBytes {
            throw EventValidationError(
                field: "event_data", message: "larger than 64 KiB (\(byteCount) bytes)")
        }
    }

    /// Refuses event times more than 24 h after receipt.
    public static func checkNotFuture(_ timestamp: Int64, receivedAt: Int64) throws(EventValidationError) {
        if timestamp > receivedAt + maxFutureMilliseconds {
            throw EventValidationError(
                field: "timestamp", message: "more than 24 hours in the future (\(Timestamp.iso8601(timestamp)))")
        }
    }

    static func isEventTypeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    static func quoted(_ value: String) -> String {
        let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
        return "\"" + shown + "\""
    }
}
