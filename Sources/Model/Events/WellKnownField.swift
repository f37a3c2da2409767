/// The `event_data` keys lifted into typed columns (SPEC §2). A value of the wrong JSON type is
/// ignored for its metric: the field stays nil, the event still counts.
enum WellKnownField: CaseIterable {
    case deviceType, processingTimeMs, fileSizeMb, errorType, errorMessage, service
    case modelComplexity, parametersExtracted

    /// The field a key names. The eight names have eight different lengths, so one comparison
    /// settles it; keys written with escapes are decoded first.
    static func match(_ key: JSONScanner.StringToken, in scanner: JSONScanner) -> WellKnownField? {
        if key.hasEscapes {
            guard let name = try? scanner.string(key) else { return nil }
            return allCases.first { $0.name == name }
        }
        switch key.range.count {
        case 11: return scanner.key(key, is: "device_type") ? .deviceType : nil
        case 18: return scanner.key(key, is: "processing_time_ms") ? .processingTimeMs : nil
        case 12: return scanner.key(key, is: "file_size_mb") ? .fileSizeMb : nil
        case 10: return scanner.key(key, is: "error_type") ? .errorType : nil
        case 13: return scanner.key(key, is: "error_message") ? .errorMessage : nil
        case 7: return scanner.key(key, is: "service") ? .service : nil
        case 16: return scanner.key(key, is: "model_complexity") ? .modelComplexity : nil
        case 20: return scanner.key(key, is: "parameters_extracted") ? .parametersExtracted : nil
        default: return nil
        }
    }

    /// The key as written in `event_data`.
    var name: String {
        switch self {
        case .deviceType: "device_type"
        case .processingTimeMs: "processing_time_ms"
        case .fileSizeMb: "file_size_mb"
        case .errorType: "error_type"
        case .errorMessage: "error_message"
        case .service: "service"
        case .modelComplexity: "model_complexity"
        case .parametersExtracted: "parameters_extracted"
        }
    }

    func assign(_ value: RawValue, to fields: inout EventFields) {
        var text: String? = nil
        var number: Double? = nil
        switch value {
        case .string(let string): text = string
        case .number(let double, _): number = double
        case .time, .other: break
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
