public import Model
internal import GRDB

/// A row of the `events` table.
public struct StoredEvent: Sendable, Hashable, Codable {
    public var id: Int64
    public var ts: Int64
    public var receivedAt: Int64
    public var eventType: String
    public var serviceName: String?
    public var userId: String?
    public var eventData: String
    public var deviceType: String?
    public var processingTimeMs: Double?
    public var fileSizeMb: Double?
    public var errorType: String?
    public var errorMessage: String?
    public var errorService: String?
    public var modelComplexity: String?
    public var parametersExtracted: Double?

    enum CodingKeys: String, CodingKey {
        case id, ts
        case receivedAt = "received_at"
        case eventType = "event_type"
        case serviceName = "service_name"
        case userId = "user_id"
        case eventData = "event_data"
        case deviceType = "device_type"
        case processingTimeMs = "processing_time_ms"
        case fileSizeMb = "file_size_mb"
        case errorType = "error_type"
        case errorMessage = "error_message"
        case errorService = "error_service"
        case modelComplexity = "model_complexity"
        case parametersExtracted = "parameters_extracted"
    }

    /// The event as tracked.
    public var event: TrackedEvent {
        TrackedEvent(
            eventType: eventType, eventData: eventData, serviceName: serviceName, userId: userId, timestamp: ts,
            fields: EventFields(
                deviceType: deviceType, processingTimeMs: processingTimeMs, fileSizeMb: fileSizeMb,
                errorType: errorType, errorMessage: errorMessage, service: errorService,
                modelComplexity: modelComplexity, parametersExtracted: parametersExtracted))
    }
}

extension StoredEvent {
    /// Reads a row of `SELECT * FROM events` (a public type cannot conform to GRDB's protocols
    /// while GRDB stays an internal import).
    init(row: Row) {
        self.init(
            id: row["id"], ts: row["ts"], receivedAt: row["received_at"], eventType: row["event_type"],
            serviceName: row["service_name"], userId: row["user_id"], eventData: row["event_data"],
            deviceType: row["device_type"], processingTimeMs: row["processing_time_ms"],
            fileSizeMb: row["file_size_mb"], errorType: row["error_type"], errorMessage: row["error_message"],
            errorService: row["error_service"], modelComplexity: row["model_complexity"],
            parametersExtracted: row["parameters_extracted"])
    }
}
