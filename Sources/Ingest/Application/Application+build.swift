public import Hummingbird
public import Logging
import Model
import NIOCore
import Reports
import Store

/// Builds the ingest daemon: opens the store, starts the writer and wires the routes.
///
/// - Parameters:
///   - configuration: where to listen, which database, limits.
///   - logger: the daemon's logger (start, stop and errors at info and above; nothing per event).
///   - onServerRunning: called with the bound port once the server listens (port 0 picks one).
public func buildApplication(
    _ configuration: IngestConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildDaemon(configuration, logger: logger, onServerRunning: onServerRunning).application
}

/// The application and its writer (the daemon's service group also tells the writer early
/// when shutdown begins).
func buildDaemon(
    _ configuration: IngestConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void
) async throws -> (application: some ApplicationProtocol, writer: EventWriter) {
    // The SQLite file, or PostgreSQL (writes) with this daemon's builder cache (reads).
    let database = try await DatabaseLocation(
        configuration.databasePath, password: configuration.databasePassword, cachePath: configuration.databaseCache
    ).openForIngest(durability: configuration.durability, logger: logger)
    let store = database.readStore
    let synchronous = database.synchronous
    // WAL checkpoints on a thread of their own, not in the commit that crosses 1,000 pages.
    let checkpointer = try store.startBackgroundCheckpoints()
    let metrics = IngestMetrics()
    let writer = EventWriter(store: database.writer, limits: configuration.writer, metrics: metrics, logger: logger)
    let engine = ReportEngine(
        store: store, roles: configuration.eventRoles, calendar: try ZoneCalendar(identifier: configuration.timeZone))
    let readWorker = ReadWorker()
    let refresher = RollupRefresher(engine: engine, database: database, thread: readWorker.thread, logger: logger)
    if configuration.refreshAtStart {
        // Fold what arrived while the daemon was down, so the first read is fast.
        Task {
            do { _ = try await refresher.refresh() } catch {
                logger.warning("rollup refresh at start failed", metadata: ["error": "\(error)"])
            }
        }
    }
    let reads = ReadHandlers(
        engine: engine, watermark: DataWatermark(refresher: refresher, generation: writer.generation),
        cache: ReadCache(ttlSeconds: configuration.cacheTTL), worker: readWorker, siteTitle: configuration.siteTitle)
    let router = buildRouter(
        configuration, store: store, database: database.description, writer: writer, metrics: metrics, synchronous: synchronous, reads: reads)
    let host = configuration.host
    let tokenState = configuration.token == nil ? "off" : "on"
    let application = Application(
        router: router,
        // Closes a connection that sends nothing for this long: idle keep-alives, and clients
        // that send headers or a body slowly or not at all (slowloris).
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
        configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port)),
        services: [WriterService(writer: writer, checkpointer: checkpointer, database: database)],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            logger.info(
                "ingest listening",
                metadata: [
                    "host": "\(host)", "port": "\(port)", "db": "\(database.description)", "synchronous": "\(synchronous)",
                    "token": "\(tokenState)",
                ])
            await onServerRunning(port)
        },
        logger: logger
    )
    return (application, writer)
}

/// The routes: tracking and the configuration writes (behind the token when one is configured),
/// the read API, health, metrics and the OpenAPI document.
func buildRouter(
    _ configuration: IngestConfiguration, store: AnalyticsStore, database: String, writer: EventWriter, metrics: IngestMetrics,
    synchronous: String, reads: ReadHandlers
) -> Router<IngestRequestContext> {
    let router = Router(context: IngestRequestContext.self)
    router.add(middleware: ErrorAndMetricsMiddleware(metrics: metrics))
    router.add(middleware: BodyDeadlineMiddleware(timeout: .seconds(configuration.bodyTimeoutSeconds)))
    if !configuration.corsOrigins.isEmpty {
        router.add(middleware: CORSOriginMiddleware(origins: configuration.corsOrigins))
    }

    let status = StatusHandlers(
        store: store, database: database, writer: writer, metrics: metrics, version: configuration.version,
        synchronous: synchronous)
    router.get("/health") { request, context in await status.health(request, context: context) }
    router.get("/metrics") { request, context in await status.metrics(request, context: context) }
    router.get("/openapi.json") { _, _ in JSONResponse.make(.ok, OpenAPIDocument.json) }

    // The read API: open like the static mirror the site publishes.
    let read = router.group("/api/analytics")
    read.get("/metrics/processing") { request, context in try await reads.processing(request, context: context) }
    read.get("/metrics/business") { request, context in try await reads.business(request, context: context) }
    read.get("/summary") { request, context in try await reads.summary(request, context: context) }
    read.post("/reports/generate") { request, context in try await reads.generate(request, context: context) }
    read.get("/reports/:report_type/export") { request, context in try await reads.export(request, context: context) }
    read.get("/visualizations/:chart_type") { request, context in try await reads.visualization(request, context: context) }
    let configs = ConfigHandlers(store: store)
    read.get("/dashboards") { request, context in try await configs.listDashboards(request, context: context) }
    read.get("/reports") { request, context in try await configs.listSavedReports(request, context: context) }

    let tracking = TrackingHandlers(
        writer: writer, maxSingleBodyBytes: configuration.maxSingleBodyBytes,
        maxBatchBodyBytes: configuration.maxBatchBodyBytes, maxBatchEvents: configuration.maxBatchEvents,
        batchSlots: AsyncSlots(max(1, configuration.concurrentBatches)))
    let api = router.group("/api/analytics")
    if let token = configuration.token {
        api.add(middleware: BearerTokenMiddleware(token: token))
    }
    api.post("/track") { request, context in try await tracking.track(request, context: context) }
    api.post("/track/batch") { request, context in try await tracking.trackBatch(request, context: context) }
    api.post("/dashboards") { request, context in try await configs.createDashboard(request, context: context) }
    api.post("/reports/save") { request, context in try await configs.saveReport(request, context: context) }
    return router
}
