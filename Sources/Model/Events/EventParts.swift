/// The top-level members of a tracked event as read, and the rules that turn them into a
/// ``TrackedEvent``. Used by JSON decoding and by CSV import (whose columns arrive as text).
struct EventParts {
    var eventType: RawValue?
    var eventData: EventDataPart?
    var serviceName: RawValue?
    var userId: RawValue?
    var timestamp: RawValue?

    func validated(receivedAt: Int64) throws(EventValidationError) -> TrackedEvent {
        guard let eventType, !eventType.isNull else {
            throw EventValidationError(field: "event_type", message: "is required")
        }
        guard case .string(let type) = eventType else {
            throw EventValidationError(field: "event_type", message: "must be a string, got \(eventType.kindName)")
        }
        try EventRules.checkEventType(type)

        var raw = "{}"
        var fields = EventFields()
        switch eventData {
        case nil, .notObject(.null)?:
            break
        case .notObject(let kind)?:
            throw EventValidationError(
                field: "event_data", message: "must be a JSON object, got \(RawValue.other(kind).kindName)")
        case .object(let text, let parsed)?:
            try EventRules.checkEventDataSize(text.utf8.count)
            raw = text
            fields = parsed
        }

        let service = try Self.optionalString(serviceName, field: "service_name")
        if let service { try EventRules.checkServiceName(service) }
        let user = try Self.optionalString(userId, field: "user_id")
        if let user { try EventRules.checkUserId(user) }

        let time = try Self.time(timestamp, receivedAt: receivedAt)
        try EventRules.checkNotFuture(time, receivedAt: receivedAt)
        return TrackedEvent(
            eventType: type, eventData: raw, serviceName: service, userId: user, timestamp: time, fields: fields)
    }

    private static func optionalString(_ value: RawValue?, field: String) throws(EventValidationError) -> String? {
        switch value {
        case nil, .other(.null)?: return nil
        case .string(let text)?: return text
        case let other?:
            throw EventValidationError(field: field, message: "must be a string, got \(other.kindName)")
        }
    }

    static func time(_ value: RawValue?, receivedAt: Int64) throws(EventValidationError) -> Int64 {
        switch value {
        case nil, .other(.null)?:
            return receivedAt
        case .time(let ms)?:
            return ms
        case .string(let text)?:
            guard let ms = Timestamp.parse(text) else {
                throw EventValidationError(
                    field: "timestamp",
                    message: "not an ISO-8601 date-time (e.g. 2026-11-28T09:15:00Z) or epoch number: \(EventRules.quoted(text))")
            }
            return ms
        case .number(let number, let text)?:
            guard let number, let ms = Timestamp.fromEpoch(number) else {
                throw EventValidationError(
                    field: "timestamp", message: "epoch number out of range: \(text)")
            }
            return ms
        case let other?:
            throw EventValidationError(
                field: "timestamp", message: "must be ISO-8601 text or epoch seconds/milliseconds, got \(other.kindName)")
        }
    }
}
