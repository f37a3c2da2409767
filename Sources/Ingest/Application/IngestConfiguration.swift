public import Model
public import Store

/// Everything the ingest daemon needs, resolved: where it listens, which database, the limits.
public struct IngestConfiguration: Sendable {
    /// An SQLite path or a `postgres://` URL (``DatabaseLocation``).
    public var databasePath: String
    /// The PostgreSQL password (config file `database_password`); nil: `PGPASSWORD`.
    public var databasePassword: String?
    /// The daemon's builder cache with PostgreSQL (`--cache`); nil: the default path.
    public var databaseCache: String?
    public var host = "127.0.0.1"
    /// 0 asks the system for a free port (tests); `onServerRunning` reports the one bound.
    public var port = 8016
    /// When set, tracking requests need `Authorization: Bearer <token>`.
    public var token: String?
    /// SQLite `synchronous` for the writer: `.full` (fsync per commit, the default) or `.normal`.
    public var durability: AnalyticsStore.Durability = .full
    /// Origins allowed by CORS (`*` for any); empty turns CORS off.
    public var corsOrigins: [String] = []
    /// Largest body of `POST /api/analytics/track`.
    public var maxSingleBodyBytes = 1 << 20
    /// Largest body of `POST /api/analytics/track/batch`.
    public var maxBatchBodyBytes = 16 << 20
    /// Most events in one batch request.
    public var maxBatchEvents = 10_000
    /// Batch requests read, decoded and committed at once; more wait their turn (bounds memory:
    /// at most this many 16 MiB bodies and their events are held).
    public var concurrentBatches = 8
    /// Seconds a connection may send nothing (between requests, or in the middle of headers or a
    /// body) before it is closed.
    public var idleTimeoutSeconds = 60
    /// Seconds from a request's headers to the last byte of its body; later parts get 408.
    public var bodyTimeoutSeconds = 30
    public var writer = WriterLimits()
    /// Reported by `GET /health`.
    public var version = "0.1.0"
    /// Seconds a read-endpoint answer is reused (`CACHE_TTL`); 0 turns the cache off. An answer is
    /// also dropped as soon as new events reach the rollups.
    public var cacheTTL = 3600
    /// The reports' time zone (IANA name) and event roles, as `build` uses them.
    public var timeZone = "UTC"
    public var eventRoles = EventRoles.defaults
    /// Title printed on PDF exports.
    public var siteTitle = "ESpice Analytics"
    /// Fold new events into the rollups when the daemon starts (so the first read is fast).
    public var refreshAtStart = true

    public init(databasePath: String) {
        self.databasePath = databasePath
    }

    /// The daemon's settings from the resolved configuration (`ingest:` section, environment).
    public init(_ config: AnalyticsConfig) throws(ConfigError) {
        self.init(databasePath: config.databasePath)
        databasePassword = config.databasePassword
        databaseCache = config.databaseCache
        host = config.ingest.host
        port = config.ingest.port
        token = config.ingest.token.flatMap { $0.isEmpty ? nil : $0 }
        corsOrigins = config.ingest.corsOrigins
        cacheTTL = max(0, config.cacheTTL)
        timeZone = config.timeZone
        eventRoles = config.eventRoles
        siteTitle = config.siteTitle
        switch config.ingest.synchronous.lowercased() {
        case "full": durability = .full
        case "normal": durability = .normal
        default:
            throw ConfigError(
                source: "ingest.synchronous", message: "expected full or normal, got \"\(config.ingest.synchronous)\"")
        }
        guard (0...65_535).contains(port) else {
            throw ConfigError(source: "ingest.port", message: "expected 0…65535, got \(port)")
        }
    }
}
