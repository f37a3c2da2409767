import ArgumentParser
import Foundation
import Model
import Store

extension DatabaseCommand {
    /// `espice-analytics db prune --older-than 400d`.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete raw events older than a number of days; daily and all-time figures stay in the rollups.",
            discussion: """
                Every event is folded into the rollups first; then the raw events before the local
                midnight DAYS days ago are deleted (SQLite, and a PostgreSQL builder's cache), and on
                PostgreSQL every month partition that ends by then is dropped whole. Reports and the
                site keep every figure: windows reaching before the cutoff read whole hours there
                (whole days for per-user figures), and filtered reports count only the events kept;
                both say so (`raw_events_since`). After a prune the rollups cannot be rebuilt
                (`--full`, another time_zone or event roles), and on PostgreSQL a builder cache that
                never synced is refused: keep the pruning builder's cache.

                Examples:
                  espice-analytics db prune --older-than 400d --db analytics_data/analytics.db
                  espice-analytics db prune --older-than 400d --db postgres://espice@db:5432/espice
                """)

        @OptionGroup var common: CommonOptions
        @Option(help: ArgumentHelp("Keep the raw events of the last DAYS days, e.g. 400d.", valueName: "DAYSd"))
        var olderThan: String
        @Option(help: ArgumentHelp("Prune as if it were this instant (ISO-8601; default now).", valueName: "TIME"))
        var asOf: String?

        /// The number of days of `--older-than` (`400d`, or a bare `400`).
        var days: Int? {
            let digits = olderThan.hasSuffix("d") ? String(olderThan.dropLast()) : olderThan
            guard let days = Int(digits), days >= 1, days <= 100_000 else { return nil }
            return days
        }

        func validate() throws {
            guard days != nil else {
                throw ValidationError("--older-than \(olderThan): expected a number of days of at least 1, e.g. 400d")
            }
        }

        func run() async throws {
            let config = try common.resolve()
            let logger = LoggingSetup.logger(level: config.logLevel)
            let calendar = try ZoneCalendar(identifier: config.timeZone)
            let now = try asOf.map { try Formatting.instant($0, option: "--as-of") } ?? Int64(Date().timeIntervalSince1970 * 1000)
            let cutoff = AnalyticsStore.pruneCutoff(days: days ?? 0, now: now, calendar: calendar)
            let location = try CommonOptions.location(config)
            let summary = try await location.prune(
                before: cutoff, settings: RollupSettings(roles: config.eventRoles, calendar: calendar), logger: logger)
            print("\(location): raw events before \(Timestamp.iso8601(cutoff)) pruned")
            print("folded first:   \(Formatting.grouped(summary.local.folded)) events")
            print("deleted:        \(Formatting.grouped(summary.local.deleted)) raw events"
                + (summary.droppedPartitions == nil ? "" : " from the builder cache \(location.sqlitePath)"))
            if let dropped = summary.droppedPartitions {
                let events = dropped.reduce(0) { $0 + $1.events }
                print("partitions:     \(dropped.count) dropped (\(dropped.map(\.partition.tableName).joined(separator: ", "))), "
                    + "\(Formatting.grouped(events)) events")
            }
            if let retention = summary.local.retention {
                print("raw detail:     since \(Timestamp.iso8601(retention.rawSince)); first event \(Timestamp.iso8601(retention.firstEvent))")
            }
        }
    }
}
