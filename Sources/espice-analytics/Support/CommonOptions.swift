import ArgumentParser
import Logging
import Model
import Store

/// Flags every subcommand shares: the config file and the database.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Config file (YAML or JSON); see docs/configuration.md.", valueName: "FILE"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite file or postgres://USER@HOST:PORT/DB (default: DATABASE_URL, DATABASE_PATH, then analytics_data/analytics.db); the password comes from database_password or PGPASSWORD.",
            valueName: "PATH|URL"))
    var db: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With a postgres:// --db: the local SQLite cache reads go through (default: analytics_data/cache-HOST-PORT-DB.db).",
            valueName: "PATH"))
    var cache: String?

    /// Defaults ← environment ← config file ← flags.
    func resolve() throws -> AnalyticsConfig {
        var resolved = try ConfigLoader.load(file: config)
        if let db { resolved.databasePath = db }
        if let cache { resolved.databaseCache = cache }
        return resolved
    }

    /// Where `config`'s events are.
    static func location(_ config: AnalyticsConfig) throws -> DatabaseLocation {
        try DatabaseLocation(config.databasePath, password: config.databasePassword, cachePath: config.databaseCache)
    }

    /// `config` with `databasePath` pointing at an up-to-date SQLite file to read: the database
    /// itself, or for PostgreSQL the builder cache after a sync.
    static func readable(_ config: AnalyticsConfig, logger: Logger) async throws -> AnalyticsConfig {
        var readable = config
        readable.databasePath = try await location(config).preparedSQLitePath(logger: logger)
        return readable
    }
}
