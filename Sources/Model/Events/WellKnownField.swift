/// The `event_data` keys lifted into typed columns (SPEC §2). A value of the wrong JSON type is
/// ignored for its metric: the field stays nil, the event still counts.
enum WellKnownField: CaseIterable {
    case deviceType, processingTimeMs, fileSizeMb, errorType, errorMessage, service
    case modelComplexity, parametersExtracted

    static func match(_ key: JSONScanner.StringToken, in scanner: JSONScanner) -> WellKnownField? {
        if scanner.key(key, is: "device_type") { return .deviceType }
        if scanner.key(key, is: "processing_time_ms") { return .processingTimeMs }
        if scanner.key(key, is: "file_size_mb") { return .fileSizeMb }
        if scanner.key(key, is: "error_type") { return .errorType }
        if scanner.key(key, is: "error_message") { return .errorMessage }
        if scanner.key(key, is: "service") { return .service }
        if scanner.key(key, is: "model_complexity") { return .modelComplexity }
        if scanner.key(key, is: "parameters_extracted") { return .parametersExtracted }
        return nil
    }

    func assign(_ value: RawValue, to fields: inout EventFields) {
        var text: String? = nil
        var number: Double? = nil
        switch value {
        case .string(let string): text = string
        case .number(let double, _): number = double
        case .other: break
        }
        switch self {
        case .deviceType: fields.deviceType = text
        case .processingTimeMs: fields.processingTimeMs = number
        case .fileSizeMb: fields.fileSizeMb = number
        case .errorType: fields.errorType = text
        case .errorMessage: fields.errorMessage = text
        case .service: fields.service = text
        case .modelComplexity: fields.modelComplexity = text
        case .parametersExtracted: fields.parametersExtracted = number
        }
    }
}
