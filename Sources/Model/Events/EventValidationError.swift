/// Why a tracked event was refused: the field at fault (nil for the body as a whole) and a
/// sentence a user can act on. `isMalformed` separates unreadable JSON (HTTP 400) from a broken
/// rule of SPEC §2 (HTTP 422).
public struct EventValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String?
    public var message: String
    public var isMalformed: Bool

    public init(field: String?, message: String, isMalformed: Bool = false) {
        self.field = field
        self.message = message
        self.isMalformed = isMalformed
    }

    public static func malformed(_ error: JSONSyntaxError) -> EventValidationError {
        EventValidationError(field: nil, message: error.description, isMalformed: true)
    }

    /// `field: message`, or just the message when no single field is at fault.
    public var description: String {
        field.map { "\($0): \(message)" } ?? message
    }
}
