/// One tracked event after validation, as the store keeps it (SPEC §2).
///
/// `eventData` is the `event_data` JSON text exactly as received (`{}` when absent); the
/// well-known fields are lifted out of it into ``fields`` so reports never parse JSON in bulk.
public struct TrackedEvent: Sendable, Hashable {
    public var eventType: String
    public var eventData: String
    public var serviceName: String?
    public var userId: String?
    /// Event time: UTC epoch milliseconds.
    public var timestamp: Int64
    public var fields: EventFields

    public init(
        eventType: String, eventData: String = "{}", serviceName: String? = nil, userId: String? = nil,
        timestamp: Int64, fields: EventFields = EventFields()
    ) {
        self.eventType = eventType
        self.eventData = eventData
        self.serviceName = serviceName
        self.userId = userId
        self.timestamp = timestamp
        self.fields = fields
    }
}

/// The well-known `event_data` fields of SPEC §2, typed. A field of the wrong JSON type is nil.
public struct EventFields: Sendable, Hashable, Codable {
    public var deviceType: String?
    public var processingTimeMs: Double?
    public var fileSizeMb: Double?
    public var errorType: String?
    public var errorMessage: String?
    /// `event_data.service` (error events name the failing service this way).
    public var service: String?
    public var modelComplexity: String?
    public var parametersExtracted: Double?

    public init(
        deviceType: String? = nil, processingTimeMs: Double? = nil, fileSizeMb: Double? = nil,
        errorType: String? = nil, errorMessage: String? = nil, service: String? = nil,
        modelComplexity: String? = nil, parametersExtracted: Double? = nil
    ) {
        self.deviceType = deviceType
        self.processingTimeMs = processingTimeMs
        self.fileSizeMb = fileSizeMb
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.service = service
        self.modelComplexity = modelComplexity
        self.parametersExtracted = parametersExtracted
    }
}
