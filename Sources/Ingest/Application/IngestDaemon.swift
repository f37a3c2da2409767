public import Logging
import Hummingbird
import ServiceLifecycle
import UnixSignals

/// Entry points for the command line and for tests.
public enum IngestDaemon {
    /// Runs until SIGTERM or SIGINT, then stops accepting, commits and answers everything
    /// accepted, and returns. (What `buildApplication(...).runService()` does, plus an early
    /// word to the writer so a configured commit window does not delay the shutdown.)
    public static func run(_ configuration: IngestConfiguration, logger: Logger) async throws {
        let daemon = try await buildDaemon(configuration, logger: logger) { _ in }
        let group = ServiceGroup(
            configuration: .init(
                services: [daemon.application, WriterShutdownSignal(writer: daemon.writer)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("ingest stopped")
    }

    /// Starts the daemon in this process and returns once it listens (tests; port 0 picks a free
    /// port). ``RunningIngest/shutdown()`` stops it as SIGTERM would.
    public static func start(_ configuration: IngestConfiguration, logger: Logger) async throws -> RunningIngest {
        let (ports, continuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let daemon = try await buildDaemon(configuration, logger: logger) { port in
            continuation.yield(port)
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [daemon.application, WriterShutdownSignal(writer: daemon.writer)],
                gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            do {
                try await group.run()
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
                throw error
            }
        }
        for try await port in ports {
            return RunningIngest(port: port, group: group, task: task)
        }
        try await task.value
        throw CancellationError()
    }
}

/// A daemon started by ``IngestDaemon/start(_:logger:)``.
public struct RunningIngest: Sendable {
    /// The port it listens on.
    public let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Graceful shutdown (what SIGTERM does): returns once every accepted event is committed
    /// and answered and the server has stopped.
    public func shutdown() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
