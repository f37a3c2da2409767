/// Which event types play which role in the reports (SPEC §2). Configurable; these are the
/// original service's vocabulary.
public struct EventRoles: Sendable, Hashable, Codable {
    public var processed: [String]
    public var error: [String]
    public var modelGenerated: [String]

    public static let defaults = EventRoles(
        processed: ["document_processed"], error: ["processing_error", "error"],
        modelGenerated: ["spice_model_generated"])

    public init(processed: [String], error: [String], modelGenerated: [String]) {
        self.processed = processed
        self.error = error
        self.modelGenerated = modelGenerated
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case processed, error
        case modelGenerated = "model_generated"
    }

    /// Reads the `event_roles:` section; a list left out keeps its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self.defaults
        processed = try container.decodeIfPresent([String].self, forKey: .processed) ?? defaults.processed
        error = try container.decodeIfPresent([String].self, forKey: .error) ?? defaults.error
        modelGenerated =
            try container.decodeIfPresent([String].self, forKey: .modelGenerated) ?? defaults.modelGenerated
    }

    /// The role an event type plays. A type is named by its UTF-8 bytes, as SQL's
    /// `event_type IN (…)` compares it (``UTF8Key``): a canonically equivalent spelling is
    /// another type.
    public func role(of eventType: String) -> EventRole {
        let named = { (names: [String]) in names.contains { UTF8Key.same($0, eventType) } }
        if named(processed) { return .processed }
        if named(error) { return .error }
        if named(modelGenerated) { return .modelGenerated }
        return .other
    }
}

/// The role of an event in the reports.
public enum EventRole: Int, Sendable, Hashable, Codable {
    case other = 0, processed = 1, error = 2, modelGenerated = 3
}
