public import Hummingbird
public import Logging
import NIOCore
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
    let store = try AnalyticsStore(
        path: configuration.databasePath, durability: configuration.durability, logger: logger)
    try store.applyWriterDurability(configuration.durability)
    let synchronous = try store.writerSynchronous()
    let metrics = IngestMetrics()
    let writer = EventWriter(store: store, limits: configuration.writer, metrics: metrics, logger: logger)
    let router = buildRouter(configuration, store: store, writer: writer, metrics: metrics, synchronous: synchronous)
    let host = configuration.host
    let tokenState = configuration.token == nil ? "off" : "on"
    let application = Application(
        router: router,
        configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port)),
        services: [WriterService(writer: writer)],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            logger.info(
                "ingest listening",
                metadata: [
                    "host": "\(host)", "port": "\(port)", "db": "\(store.path)", "synchronous": "\(synchronous)",
                    "token": "\(tokenState)",
                ])
            await onServerRunning(port)
        },
        logger: logger
    )
    return (application, writer)
}

/// The routes: tracking (behind the token when one is configured), health and metrics.
func buildRouter(
    _ configuration: IngestConfiguration, store: AnalyticsStore, writer: EventWriter, metrics: IngestMetrics,
    synchronous: String
) -> Router<IngestRequestContext> {
    let router = Router(context: IngestRequestContext.self)
    router.add(middleware: ErrorAndMetricsMiddleware(metrics: metrics))
    if !configuration.corsOrigins.isEmpty {
        router.add(middleware: CORSOriginMiddleware(origins: configuration.corsOrigins))
    }

    let status = StatusHandlers(
        store: store, writer: writer, metrics: metrics, version: configuration.version, synchronous: synchronous)
    router.get("/health") { request, context in await status.health(request, context: context) }
    router.get("/metrics") { request, context in await status.metrics(request, context: context) }

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
    return router
}
