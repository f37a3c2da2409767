import ArgumentParser
import Foundation
import Store

/// The `espice-analytics` command: each subcommand parses its flags, resolves the configuration
/// and calls one library entry point.
@main
struct EspiceAnalytics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "espice-analytics",
        abstract: "ESpice Analytics: tracked events in SQLite, published as a static report site.",
        discussion: """
            Quick start:
              espice-analytics demo                 # generate demo traffic into analytics_data/
              espice-analytics import events.ndjson # load your own events
              espice-analytics db info              # what the database holds
            """,
        version: "0.1.0",
        subcommands: [DemoCommand.self, ImportCommand.self, BuildCommand.self, ReportCommand.self, DatabaseCommand.self, IngestCommand.self, GalleryCommand.self, ReportsCommand.self, DashboardsCommand.self, DeliverCommand.self]
    )

    static func main() async {
        // Batch commands fold and report on worker threads; the ingest daemon keeps glibc's
        // default arenas (its benchmark showed no gain, and it must not get slower).
        guard CommandLine.arguments.dropFirst().first != IngestCommand.configuration.commandName else {
            await main(nil)
            AnalyticsStore.finishBackgroundWork()
            return
        }
        MemorySetup.limitArenas()
        // They run as background work, so that the daemon beside them gets the CPU first
        // (BatchPriority). Nothing awaits the task, which would raise its priority to the
        // waiter's: the main thread waits on a semaphore, and `main` exits on an error.
        switch BatchPriority.requested(ProcessInfo.processInfo.environment) {
        case .failure(let error):
            exit(withError: error)
        case .success(let priority):
            let done = DispatchSemaphore(value: 0)
            Task.detached(priority: priority) {
                await main(nil)
                // A refresh drops old rollup tables beside the reports (RollupCleanup): let it end.
                AnalyticsStore.finishBackgroundWork()
                done.signal()
            }
            done.wait()
        }
    }
}
