extension ConfigFile {
    /// Refuses a key this version does not know, at the top level or inside `ingest:` and
    /// `event_roles:`, so a misspelt setting is named instead of silently ignored.
    /// `document` is the config file as parsed (YAML or JSON); `source` names the file.
    public static func checkKeys(_ document: [String: Any], source: String) throws(ConfigError) {
        try check(document, known: knownKeys, prefix: "", source: source)
        if let ingest = document[CodingKeys.ingest.rawValue] as? [String: Any] {
            try check(ingest, known: IngestSettingsFile.knownKeys, prefix: "ingest.", source: source)
        }
        if let roles = document[CodingKeys.eventRoles.rawValue] as? [String: Any] {
            try check(roles, known: EventRoles.knownKeys, prefix: "event_roles.", source: source)
        }
        if let smtp = document[CodingKeys.smtp.rawValue] as? [String: Any] {
            try check(smtp, known: SMTPSettingsFile.knownKeys, prefix: "smtp.", source: source)
        }
        if let webhooks = document[CodingKeys.webhooks.rawValue] as? [String: Any] {
            try check(webhooks, known: WebhookSettingsFile.knownKeys, prefix: "webhooks.", source: source)
        }
        if let alerts = document[CodingKeys.alerts.rawValue] as? [String: Any] {
            try check(alerts, known: AlertSettings.knownKeys, prefix: "alerts.", source: source)
        }
    }

    private static func check(
        _ section: [String: Any], known: Set<String>, prefix: String, source: String
    ) throws(ConfigError) {
        for key in section.keys.sorted() where !known.contains(key) {
            throw ConfigError(
                source: source,
                message: "unknown key \"\(prefix)\(key)\" (known: "
                    + known.sorted().map { prefix + $0 }.joined(separator: ", ") + ")")
        }
    }
}

extension IngestSettingsFile {
    /// The keys of the `ingest:` section.
    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}

extension EventRoles {
    /// The keys of the `event_roles:` section.
    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}
