import ServiceLifecycle
import Store

/// Runs the writer in the service group. Hummingbird's server is the last service of the group,
/// so on SIGTERM/SIGINT it is shut down first (stops accepting and finishes its requests); then
/// this service drains the queue — every accepted event is committed and answered — and returns.
struct WriterService: Service {
    let writer: EventWriter
    /// Stopped once the last commit is done (the store's close then checkpoints what is left).
    let checkpointer: WALCheckpointer
    /// Closed last (PostgreSQL's pool), once every accepted event is committed.
    let database: IngestDatabase

    func run() async throws {
        try? await gracefulShutdown()
        await writer.drain()
        checkpointer.stop()
        await database.close()
    }
}

/// Placed after the application in the daemon's service group, so it hears SIGTERM/SIGINT
/// first: tells the writer to stop waiting out commit windows before the server starts
/// waiting for its in-flight requests.
struct WriterShutdownSignal: Service {
    let writer: EventWriter

    func run() async throws {
        try? await gracefulShutdown()
        await writer.beginShutdown()
    }
}
