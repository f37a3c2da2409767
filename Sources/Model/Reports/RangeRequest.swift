/// The time range and instant a read asks for, parsed from the text of a query string or a
/// request body (`time_range`, or `from` and `to`, and `as_of`). Untrusted text: every value is
/// checked here, and the error names the field at fault.
public struct RangeRequest: Sendable, Hashable {
    public var range: TimeRange
    /// `7d`, `all`…, or `custom` for explicit bounds.
    public var name: String
    /// Explicit `as_of`, epoch ms; nil = now.
    public var asOf: Int64?

    public init(range: TimeRange, name: String, asOf: Int64?) {
        self.range = range
        self.name = name
        self.asOf = asOf
    }

    /// `from` and `to` (both or neither, `to` after `from`) win over `rangeName`; an empty `asOf`
    /// means now. `fieldPrefix` (`parameters.`) is put before the range fields' names.
    public static func parse(
        rangeName: String, asOf: String?, from: String? = nil, to: String? = nil, fieldPrefix: String = ""
    ) throws(ReportRequestError) -> RangeRequest {
        var range: TimeRange
        var name = rangeName
        if from != nil || to != nil {
            guard let from, let to else {
                throw ReportRequestError(field: fieldPrefix + (from == nil ? "from" : "to"), message: "from and to go together")
            }
            guard let start = Timestamp.parse(from) else {
                throw ReportRequestError(field: fieldPrefix + "from", message: "not an ISO-8601 date-time: \"\(from)\"")
            }
            guard let end = Timestamp.parse(to), end > start else {
                throw ReportRequestError(field: fieldPrefix + "to", message: "not an ISO-8601 date-time after from: \"\(to)\"")
            }
            range = .explicit(from: start, to: end)
            name = "custom"
        } else {
            do {
                range = try TimeRange.parse(rangeName)
            } catch {
                throw ReportRequestError(field: fieldPrefix + "time_range", message: error.message)
            }
        }
        var instant: Int64?
        if let asOf, !asOf.isEmpty {
            guard let parsed = Timestamp.parse(asOf) else {
                throw ReportRequestError(field: "as_of", message: "not an ISO-8601 date-time: \"\(asOf)\" (e.g. 2025-06-01T00:00:00Z)")
            }
            instant = parsed
        }
        return RangeRequest(range: range, name: name, asOf: instant)
    }
}
