import ArgumentParser
import Foundation
import Model
import Store

/// `espice-analytics db info|migrate`.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Inspect or migrate the database.",
        discussion: """
            Examples:
              espice-analytics db info --db analytics_data/analytics.db
              espice-analytics db migrate --db analytics_data/analytics.db
            """,
        subcommands: [Info.self, Migrate.self]
    )

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Events, time span, size and schema version.",
            discussion: "Example:\n  espice-analytics db info --db analytics_data/analytics.db --json")

        @OptionGroup var common: CommonOptions
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() throws {
            let config = try common.resolve()
            let store = try AnalyticsStore(path: config.databasePath, logger: LoggingSetup.logger(level: config.logLevel))
            let info = try store.info()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(info), as: UTF8.self))
                return
            }
            print("database:       \(info.path)")
            print("events:         \(Formatting.grouped(info.eventCount))")
            if let first = info.firstEvent, let last = info.lastEvent {
                print("time span:      \(Timestamp.iso8601(first)) … \(Timestamp.iso8601(last))")
            }
            print("size:           \(Formatting.bytes(info.sizeBytes))")
            print("journal mode:   \(info.journalMode)")
            print("schema version: \(info.schemaVersion) (\(info.migrations.last ?? "none"))")
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending schema migrations (opening the database does this too).",
            discussion: "Example:\n  espice-analytics db migrate --db analytics_data/analytics.db")

        @OptionGroup var common: CommonOptions

        func run() throws {
            let config = try common.resolve()
            let store = try AnalyticsStore(path: config.databasePath, logger: LoggingSetup.logger(level: config.logLevel))
            let applied = try store.migrate()
            print("\(config.databasePath): schema version \(applied.count) (\(applied.joined(separator: ", ")))")
        }
    }
}
