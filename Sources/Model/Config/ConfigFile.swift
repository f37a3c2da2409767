/// The config file as written (YAML or JSON, snake_case keys): every key optional.
/// See `docs/configuration.md` and `espice-analytics.example.yaml`.
public struct ConfigFile: Sendable, Hashable, Codable {
    public var databasePath: String?
    /// The PostgreSQL password, when `database_path` (or `--db`) is a `postgres://` URL.
    public var databasePassword: String?
    /// Where the builder cache of a PostgreSQL database is (an SQLite file path).
    public var databaseCache: String?
    public var outputPath: String?
    public var cacheTTL: Int?
    public var maxWorkers: Int?
    public var logLevel: String?
    public var timeZone: String?
    public var ranges: [String]?
    public var eventRoles: EventRoles?
    public var siteTitle: String?
    public var ingest: IngestSettingsFile?
    public var baseURL: String?
    public var savedReportsDir: String?
    public var smtp: SMTPSettingsFile?
    public var webhooks: WebhookSettingsFile?
    public var alerts: AlertSettings?

    public init() {}

    /// The keys a config file may hold, for naming a misspelt one.
    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case databasePath = "database_path"
        case databasePassword = "database_password"
        case databaseCache = "database_cache"
        case outputPath = "output_path"
        case cacheTTL = "cache_ttl"
        case maxWorkers = "max_workers"
        case logLevel = "log_level"
        case timeZone = "time_zone"
        case ranges
        case eventRoles = "event_roles"
        case siteTitle = "site_title"
        case ingest
        case baseURL = "base_url"
        case savedReportsDir = "saved_reports_dir"
        case smtp, webhooks, alerts
    }
}

/// The `ingest:` section of the config file.
public struct IngestSettingsFile: Sendable, Hashable, Codable {
    public var host: String?
    public var port: Int?
    public var token: String?
    public var synchronous: String?
    public var corsOrigins: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, token, synchronous
        case corsOrigins = "cors_origins"
    }
}
