/// A delivery problem: what was being done (`smtp`, `webhook`, `saved report "x"`) and why.
public struct DeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var message: String
    /// Whether trying again later may help (a 4xx SMTP reply, a timeout) or not.
    public var transient: Bool

    public init(source: String, message: String, transient: Bool = true) {
        self.source = source
        self.message = message
        self.transient = transient
    }

    public var description: String { "\(source): \(message)" }
}
