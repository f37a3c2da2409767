/// Filters applied before every figure (SPEC §4): each key one value or a list of values.
public struct ReportFilters: Sendable, Hashable, Codable {
    public var serviceName: [String]?
    public var userId: [String]?
    public var deviceType: [String]?
    public var eventType: [String]?

    public init(serviceName: [String]? = nil, userId: [String]? = nil, deviceType: [String]? = nil, eventType: [String]? = nil) {
        self.serviceName = serviceName
        self.userId = userId
        self.deviceType = deviceType
        self.eventType = eventType
    }

    public static let keys = ["service_name", "user_id", "device_type", "event_type"]

    public var isEmpty: Bool { serviceName == nil && userId == nil && deviceType == nil && eventType == nil }

    /// Adds `key=value` (repeated keys accumulate into a list).
    public mutating func add(key: String, value: String) throws(ReportRequestError) {
        switch key {
        case "service_name": serviceName = (serviceName ?? []) + [value]
        case "user_id": userId = (userId ?? []) + [value]
        case "device_type": deviceType = (deviceType ?? []) + [value]
        case "event_type": eventType = (eventType ?? []) + [value]
        default:
            throw ReportRequestError(
                field: "filters", message: "unknown filter \"\(key)\" (valid: \(Self.keys.joined(separator: ", ")))")
        }
    }

    /// Whether an event passes every filter.
    public func matches(_ event: TrackedEvent) -> Bool {
        if let serviceName, !serviceName.contains(where: { $0 == event.serviceName }) { return false }
        if let userId, !userId.contains(where: { $0 == event.userId }) { return false }
        if let deviceType, !deviceType.contains(where: { $0 == event.fields.deviceType }) { return false }
        if let eventType, !eventType.contains(event.eventType) { return false }
        return true
    }

    enum CodingKeys: String, CodingKey {
        case serviceName = "service_name"
        case userId = "user_id"
        case deviceType = "device_type"
        case eventType = "event_type"
    }

    /// Accepts each key as a string or a list of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func values(_ key: CodingKeys) throws -> [String]? {
            if let one = try? container.decodeIfPresent(String.self, forKey: key) { return [one] }
            return try container.decodeIfPresent([String].self, forKey: key)
        }
        serviceName = try values(.serviceName)
        userId = try values(.userId)
        deviceType = try values(.deviceType)
        eventType = try values(.eventType)
    }
}
