import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Ingest
import Model

/// `espice-analytics ingest`: the tracking daemon (SPEC §9).
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run the ingest daemon: the original service's tracking API, durably into SQLite or PostgreSQL.",
        discussion: """
            Tracking: POST /api/analytics/track, POST /api/analytics/track/batch
            (JSON array or NDJSON), GET /health, GET /metrics (Prometheus).
            Reads (the original service's API, from the site's engine, cached
            CACHE_TTL s): /api/analytics/summary, metrics/processing, metrics/business,
            reports/generate, reports/{type}/export, visualizations/{chart},
            dashboards, reports, reports/save; GET /openapi.json describes them all.
            An event is answered 200 only once its transaction has committed
            (synchronous=FULL unless ingest.synchronous says normal).
            With --db postgres://USER@HOST:PORT/DB several daemons share one
            database: 503 + Retry-After while it cannot be reached, and the read
            API syncs this daemon's local cache (--cache) before it reads.
            SIGTERM or SIGINT: stops accepting, commits and answers what was
            accepted, exits 0. Token: ANALYTICS_INGEST_TOKEN or ingest.token
            (Authorization: Bearer). See docs/ingest.md.

            Example:
              espice-analytics ingest --db analytics_data/analytics.db --port 8016
              PGPASSWORD=… espice-analytics ingest --db postgres://espice@db:5432/analytics
              curl -X POST http://127.0.0.1:8016/api/analytics/track \\
                -H "Content-Type: application/json" \\
                -d '{"event_type": "test_event", "event_data": {"test": true}}'
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Address to listen on (default: ingest.host, then 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (default: ingest.port, then 8016).")
    var port: Int?

    @Option(help: ArgumentHelp("SQLite synchronous for commits: full or normal (default: ingest.synchronous, then full).", valueName: "MODE"))
    var synchronous: String?

    @Option(help: ArgumentHelp("Longest wait for more requests to join a commit, in ms (default 0: commit as soon as the previous commit ends).", valueName: "MS"))
    var commitDelayMs: Int?

    @Option(help: ArgumentHelp("Most events in one transaction (default 8192).", valueName: "N"))
    var maxCommitEvents: Int?

    @Option(help: ArgumentHelp("Most events queued before requests get 503 + Retry-After (default 50000).", valueName: "N"))
    var queueCapacity: Int?

    @Option(help: ArgumentHelp("Seconds a connection may send nothing before it is closed (default 60).", valueName: "S"))
    var idleTimeout: Int?

    @Option(help: ArgumentHelp("Seconds from a request's headers to the end of its body; later gets 408 (default 30).", valueName: "S"))
    var bodyTimeout: Int?

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port: expected 0…65535, got \(port)") }
        if let commitDelayMs, commitDelayMs < 0 { throw ValidationError("--commit-delay-ms: must not be negative") }
        if let maxCommitEvents, maxCommitEvents < 1 { throw ValidationError("--max-commit-events: must be at least 1") }
        if let queueCapacity, queueCapacity < 1 { throw ValidationError("--queue-capacity: must be at least 1") }
        if let idleTimeout, idleTimeout < 1 { throw ValidationError("--idle-timeout: must be at least 1") }
        if let bodyTimeout, bodyTimeout < 1 { throw ValidationError("--body-timeout: must be at least 1") }
    }

    func run() async throws {
        var config = try common.resolve()
        if let host { config.ingest.host = host }
        if let port { config.ingest.port = port }
        if let synchronous { config.ingest.synchronous = synchronous }
        let logger = LoggingSetup.logger(level: config.logLevel)
        Self.limitMallocArenas()
        var settings = try IngestConfiguration(config)
        if let commitDelayMs { settings.writer.maxCommitDelay = .milliseconds(commitDelayMs) }
        if let maxCommitEvents { settings.writer.maxCommitEvents = maxCommitEvents }
        if let queueCapacity { settings.writer.queueCapacity = queueCapacity }
        if let idleTimeout { settings.idleTimeoutSeconds = idleTimeout }
        if let bodyTimeout { settings.bodyTimeoutSeconds = bodyTimeout }
        try await IngestDaemon.run(settings, logger: logger)
    }

    /// Two glibc malloc arenas instead of up to eight per core: the daemon's threads hand buffers
    /// to each other and per-thread arenas keep what was freed (about 10% lower peak RSS under
    /// batch load). `mallopt` is looked up at run time: `<malloc.h>` is not in Swift's Glibc module.
    /// An explicit MALLOC_ARENA_MAX in the environment wins.
    static func limitMallocArenas() {
        #if canImport(Glibc)
        guard getenv("MALLOC_ARENA_MAX") == nil, let symbol = dlsym(nil, "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let arenaMax: Int32 = -8  // M_ARENA_MAX
        _ = mallopt(arenaMax, 2)
        #endif
    }
}
