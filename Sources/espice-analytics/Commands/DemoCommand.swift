import ArgumentParser
import Delivery
import Foundation
import Model
import Site
import Store

/// `espice-analytics demo`: deterministic demo traffic into a database (an SQLite file, or an
/// empty PostgreSQL database through COPY, with the rest built from the builder cache).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate realistic, deterministic ESpice traffic into a database.",
        discussion: """
            The same --events, --days, --seed and --as-of give the same events. The data ends at
            --as-of (default: the current hour) so the 1d report always has something to show.
            A database that already holds events is refused unless --replace is given. Then, so that
            every page has something to show, it saves the README's "Processing Overview" dashboard
            and two scheduled saved reports (the daily operations digest and the weekly executive
            summary), delivers what is due into --outbox (.eml files, recorded in the ledger), and
            builds the site into --output and prints the path of its index.html. --no-site stops
            after the events.

            With a postgres:// --db the events go into PostgreSQL through COPY, as `import` sends
            them; the database must hold no events (--replace empties SQLite files only), and the
            dashboard, saved reports, delivery and site work from the builder cache (--cache).

            Example:
              espice-analytics demo --events 200000 --days 90 --seed 7 --db analytics_data/demo.db --replace

            Data shapes for benchmarks (not the demo's own): --users 200000 (many distinct users),
            --shuffle (random arrival order), --out-of-order 10 (a tenth of the events stragglers),
            --late 1 (1 % more events with times over the last 95 days, stored last).
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "How many events.") var events = 100_000
    @Option(help: "Over how many days, ending at --as-of.") var days = 90
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(name: .customLong("as-of"), help: "End of the generated period (ISO-8601; default: the current hour).")
    var asOf: String?
    @Option(help: ArgumentHelp("Where the site is published (default: REPORT_STORAGE_PATH, then Output).", valueName: "DIR"))
    var output: String?
    @Option(help: ArgumentHelp("Where the demo delivery writes its emails (default: outbox/ beside the database).", valueName: "DIR"))
    var outbox: String?
    @Flag(name: .customLong("no-site"), help: "Only fill the database with events: no dashboard, saved reports, delivery or site.")
    var noSite = false
    @Flag(help: "Delete the database first if it already holds events.") var replace = false
    @Option(help: "Distinct user ids (default: the demo's few thousand).") var users: Int?
    @Flag(help: "Store the events in random arrival order (ids do not follow time), as merged archives arrive.")
    var shuffle = false
    @Option(name: .customLong("out-of-order"), help: ArgumentHelp("Percent of events stored at a random place instead of in time order.", valueName: "PCT"))
    var outOfOrder: Double?
    @Option(help: ArgumentHelp("Percent more events with times anywhere in the last 95 days, stored last.", valueName: "PCT"))
    var late: Double = 0

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events must be 0 or more.") }
        guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650.") }
        if let users, users < 1 { throw ValidationError("--users must be 1 or more.") }
        if let outOfOrder, !(0...100).contains(outOfOrder) { throw ValidationError("--out-of-order must be a percentage, 0 to 100.") }
        if shuffle && outOfOrder != nil { throw ValidationError("--shuffle is --out-of-order 100: give one of them.") }
        guard (0...1000).contains(late) else { throw ValidationError("--late must be between 0 and 1000 (percent).") }
    }

    func run() async throws {
        var config = try common.resolve()
        if let output { config.outputPath = output }
        let logger = LoggingSetup.logger(level: config.logLevel)
        let end = try asOf.map { try Formatting.instant($0, option: "--as-of") }
            ?? Int64(Date().timeIntervalSince1970 / 3600) * 3_600_000
        let location = try CommonOptions.location(config)
        if location.isPostgres {
            if replace {
                throw ValidationErrorText("\(location): --replace empties an SQLite file only; give demo an empty PostgreSQL database")
            }
            if shuffle || outOfOrder != nil {
                throw ValidationErrorText("\(location): --shuffle and --out-of-order renumber an SQLite file's events; not for PostgreSQL")
            }
        } else {
            let store = try AnalyticsStore(path: config.databasePath, logger: logger)
            if try store.eventCount() > 0 {
                guard replace else {
                    throw ValidationErrorText(
                        "\(config.databasePath): already holds events; pass --replace to start it over, or choose another --db")
                }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: config.databasePath + suffix) }
            }
        }
        let started = Date()
        var generator = DemoGenerator(eventCount: events, days: days, seed: seed, end: end)
        generator.shape = DemoShape(users: users, outOfOrderPercent: shuffle ? 100 : outOfOrder ?? 0, latePercent: late)
        // PostgreSQL: COPY into an empty database (as `import`), then everything else from the builder cache.
        let stored = try await location.storeDemoEvents(generator, logger: logger)
        print(
            "demo: stored \(Formatting.grouped(stored)) events over \(days) days ending \(Timestamp.iso8601(end)) "
                + "(seed \(seed)) in \(location) in \(Formatting.seconds(Date().timeIntervalSince(started)))")
        if location.isPostgres && noSite { return }
        config = try await CommonOptions.readable(config, logger: logger)
        let store = try AnalyticsStore(path: config.databasePath, logger: logger)
        let info = try store.info()
        print(
            (location.isPostgres ? "builder cache \(config.databasePath): " : "database: ")
                + "\(Formatting.grouped(info.eventCount)) events, \(Formatting.bytes(info.sizeBytes)), schema version \(info.schemaVersion)")
        guard !noSite else { return }
        for item in try DemoShowcase.install(into: store) { print("demo: \(item) saved") }
        let mailbox = outbox ?? URL(fileURLWithPath: config.databasePath).deletingLastPathComponent().appendingPathComponent("outbox").path
        let delivery = try DemoShowcase.deliver(store: store, config: config, outbox: mailbox, asOf: end)
        print("demo: delivered \(delivery.sent) emails into \(mailbox)" + (delivery.failed ? " (\(delivery.failures.count) failed)" : ""))
        for failure in delivery.failures { printError("delivery failed: \(failure)") }
        let summary = try await SiteBuildRunner.build(config: config, asOf: end, servicePages: true, logger: logger)
        let index = URL(fileURLWithPath: config.outputPath).appendingPathComponent("index.html").standardizedFileURL.path
        print("site: \(summary.reports) reports published in \(Formatting.seconds(summary.durationSeconds)); open \(index)")
    }
}
