extension EventDecoder {
    /// Decodes one CSV record of the import format
    /// (`event_type,timestamp,service_name,user_id,event_data`). Empty cells mean "absent";
    /// a timestamp cell holding a plain number is read as epoch seconds or milliseconds.
    public func decode(
        eventType: String, timestamp: String, serviceName: String, userId: String, eventData: String,
        receivedAt: Int64
    ) throws(EventValidationError) -> TrackedEvent {
        var parts = EventParts()
        parts.eventType = eventType.isEmpty ? nil : .string(eventType)
        parts.serviceName = serviceName.isEmpty ? nil : .string(serviceName)
        parts.userId = userId.isEmpty ? nil : .string(userId)
        if !timestamp.isEmpty {
            if let number = Double(timestamp), timestamp.utf8.allSatisfy({ JSONScanner.isDigit($0) || $0 == UInt8(ascii: ".") }) {
                parts.timestamp = .number(number, text: timestamp)
            } else {
                parts.timestamp = .string(timestamp)
            }
        }
        if !eventData.trimmingASCIIWhitespace.isEmpty {
            parts.eventData = try Self.eventData(eventData)
        }
        return try parts.validated(receivedAt: receivedAt)
    }

    static func eventData(_ text: String) throws(EventValidationError) -> EventDataPart {
        var copy = text
        let result: Result<EventDataPart, JSONSyntaxError> = copy.withUTF8 { bytes in
            var scanner = JSONScanner(bytes)
            do throws(JSONSyntaxError) {
                let part = try EventDecoder().readEventDataValue(&scanner)
                try scanner.expectEnd()
                return .success(part)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let part): return part
        case .failure(let error): throw EventValidationError(field: "event_data", message: error.description)
        }
    }
}

extension String {
    var trimmingASCIIWhitespace: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
