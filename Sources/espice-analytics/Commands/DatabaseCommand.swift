import ArgumentParser
import Foundation
import Model
import Store

/// `espice-analytics db info|migrate|prune`.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Inspect, migrate or prune the database.",
        discussion: """
            Examples:
              espice-analytics db info --db analytics_data/analytics.db
              espice-analytics db migrate --db postgres://espice@db:5432/espice
              espice-analytics db prune --older-than 400d
            """,
        subcommands: [Info.self, Migrate.self, Prune.self]
    )

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Events, time span, size, schema version and retention.",
            discussion: """
                With a postgres:// --db: the server's events per month partition, its retention and
                migrations, then the builder cache as it stands (not synced).

                Example:
                  espice-analytics db info --db analytics_data/analytics.db --json
                """)

        @OptionGroup var common: CommonOptions
        @Flag(help: "Print JSON instead of text.") var json = false

        func run() async throws {
            let config = try common.resolve()
            let logger = LoggingSetup.logger(level: config.logLevel)
            let location = try CommonOptions.location(config)
            let server = try await location.postgresInfo(logger: logger)
            let info = try AnalyticsStore(path: location.sqlitePath, logger: logger).info()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let text = if let server {
                    try encoder.encode(["postgres": AnyEncodable(server), "cache": AnyEncodable(info)])
                } else {
                    try encoder.encode(info)
                }
                print(String(decoding: text, as: UTF8.self))
                return
            }
            if let server { Self.show(server) }
            print("\(server == nil ? "database" : "builder cache"):\(server == nil ? "       " : "  ")\(info.path)")
            print("events:         \(Formatting.grouped(info.eventCount))")
            if let first = info.firstEvent, let last = info.lastEvent {
                print("time span:      \(Timestamp.iso8601(first)) … \(Timestamp.iso8601(last))")
            }
            if let since = info.rawEventsSince {
                print("raw detail:     since \(Timestamp.iso8601(since)) (\(Formatting.grouped(info.prunedEvents ?? 0)) pruned; earlier figures from the rollups)")
            }
            print("size:           \(Formatting.bytes(info.sizeBytes))")
            print("journal mode:   \(info.journalMode)")
            print("schema version: \(info.schemaVersion) (\(info.migrations.last ?? "none"))")
        }

        static func show(_ server: PostgresInfo) {
            Swift.print("database:       \(server.database)")
            Swift.print("events:         \(Formatting.grouped(server.eventCount)) in \(server.partitions.count) month partitions")
            for partition in server.partitions {
                Swift.print("  \(partition.name)  \(Formatting.grouped(partition.events))")
            }
            if let since = server.rawSince {
                Swift.print("raw detail:     since \(Timestamp.iso8601(since)) (\(Formatting.grouped(server.prunedEvents ?? 0)) pruned)")
            }
            Swift.print("schema:         \(server.migrations.count) migrations (\(server.migrations.last ?? "none"))")
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending schema migrations (opening the database does this too).",
            discussion: "Example:\n  espice-analytics db migrate --db analytics_data/analytics.db")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let config = try common.resolve()
            let logger = LoggingSetup.logger(level: config.logLevel)
            let location = try CommonOptions.location(config)
            if let server = try await location.postgresInfo(logger: logger) {
                print("\(server.database): schema version \(server.migrations.count) (\(server.migrations.joined(separator: ", ")))")
                return
            }
            let store = try AnalyticsStore(path: location.sqlitePath, logger: logger)
            let applied = try store.migrate()
            print("\(config.databasePath): schema version \(applied.count) (\(applied.joined(separator: ", ")))")
        }
    }
}

/// Any encodable value, for a JSON object of two different types.
private struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
