import ServiceLifecycle

/// Runs the writer in the service group. Hummingbird's server is the last service of the group,
/// so on SIGTERM/SIGINT it is shut down first (stops accepting and finishes its requests); then
/// this service drains the queue — every accepted event is committed and answered — and returns.
struct WriterService: Service {
    let writer: EventWriter

    func run() async throws {
        try? await gracefulShutdown()
        await writer.drain()
    }
}
