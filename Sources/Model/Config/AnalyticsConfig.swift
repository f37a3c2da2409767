/// Everything configurable, resolved: built-in defaults, then the original service's environment
/// variables, then the config file, then command-line flags (SPEC §10).
public struct AnalyticsConfig: Sendable, Hashable {
    /// `--db`: an SQLite path or a `postgres://USER@HOST:PORT/DB` URL. Default: `DATABASE_URL`
    /// (PostgreSQL), then `DATABASE_PATH`, then `analytics_data/analytics.db`.
    public var databasePath = "analytics_data/analytics.db"
    /// The PostgreSQL password (config file `database_password`); else `PGPASSWORD` is used.
    /// Never taken from the command line or the URL.
    public var databasePassword: String?
    /// The builder cache of a PostgreSQL database (`--cache`, config file `database_cache`);
    /// nil: derived from host, port and database under `analytics_data/`.
    public var databaseCache: String?
    /// `REPORT_STORAGE_PATH`; default `Output`.
    public var outputPath = "Output"
    /// `CACHE_TTL`, seconds, for the read endpoints' cache.
    public var cacheTTL = 3600
    /// `MAX_WORKERS`: parallel rendering.
    public var maxWorkers = 4
    /// `LOG_LEVEL`: trace, debug, info, notice, warning, error, critical.
    public var logLevel = "info"
    /// IANA zone for buckets and hour-of-day figures.
    public var timeZone = "UTC"
    /// The ranges `build` publishes.
    public var ranges = ["1d", "7d", "30d", "90d"]
    public var eventRoles = EventRoles.defaults
    public var siteTitle = "ESpice Analytics"
    public var ingest = IngestSettings()
    /// SMTP, webhooks, alerts, `base_url`, `saved_reports_dir` (SPEC §11).
    public var delivery = DeliverySettings()

    public init() {}

    /// Defaults overridden by the environment variables the original service read.
    /// `REDIS_URL` is accepted and not needed.
    public init(environment: [String: String]) throws(ConfigError) {
        self.init()
        if let value = environment["DATABASE_PATH"], !value.isEmpty { databasePath = value }
        if let value = environment["DATABASE_URL"], !value.isEmpty {
            let lowered = value.lowercased()
            guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else {
                throw ConfigError(
                    source: "DATABASE_URL", message: "expected postgres://USER@HOST:PORT/DATABASE (SQLite: DATABASE_PATH)")
            }
            databasePath = value
        }
        if let value = environment["REPORT_STORAGE_PATH"], !value.isEmpty { outputPath = value }
        if let value = environment["CACHE_TTL"], !value.isEmpty {
            guard let seconds = Int(value), seconds >= 0 else {
                throw ConfigError(source: "CACHE_TTL", message: "expected a number of seconds, got \"\(value)\"")
            }
            cacheTTL = seconds
        }
        if let value = environment["MAX_WORKERS"], !value.isEmpty {
            guard let workers = Int(value), workers >= 1 else {
                throw ConfigError(source: "MAX_WORKERS", message: "expected a positive number, got \"\(value)\"")
            }
            maxWorkers = workers
        }
        if let value = environment["LOG_LEVEL"], !value.isEmpty { logLevel = value.lowercased() }
        if let value = environment["ANALYTICS_INGEST_TOKEN"], !value.isEmpty { ingest.token = value }
        delivery.apply(environment: environment)
    }

    /// Applies a config file's settings on top of these.
    public mutating func apply(_ file: ConfigFile) {
        if let value = file.databasePath { databasePath = value }
        if let value = file.databasePassword { databasePassword = value }
        if let value = file.databaseCache { databaseCache = value }
        if let value = file.outputPath { outputPath = value }
        if let value = file.cacheTTL { cacheTTL = value }
        if let value = file.maxWorkers { maxWorkers = value }
        if let value = file.logLevel { logLevel = value.lowercased() }
        if let value = file.timeZone { timeZone = value }
        if let value = file.ranges { ranges = value }
        if let value = file.eventRoles { eventRoles = value }
        if let value = file.siteTitle { siteTitle = value }
        if let value = file.ingest { ingest.apply(value) }
        delivery.apply(file)
    }
}

/// Settings of the ingest daemon.
public struct IngestSettings: Sendable, Hashable, Codable {
    public var host = "127.0.0.1"
    public var port = 8016
    /// Bearer token required on tracking requests when set (`ANALYTICS_INGEST_TOKEN`).
    public var token: String?
    /// SQLite `synchronous` for the writer: `full` (default) or `normal`.
    public var synchronous = "full"
    /// Origins allowed by CORS; empty = CORS off.
    public var corsOrigins: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case host, port, token, synchronous
        case corsOrigins = "cors_origins"
    }

    mutating func apply(_ file: IngestSettingsFile) {
        if let value = file.host { host = value }
        if let value = file.port { port = value }
        if let value = file.token { token = value }
        if let value = file.synchronous { synchronous = value }
        if let value = file.corsOrigins { corsOrigins = value }
    }
}

/// A configuration problem: where (file, variable or key) and what.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}
