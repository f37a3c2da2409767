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

    /// Where `config`'s saved reports and dashboards are: the SQLite file, or for a PostgreSQL
    /// `--db` the builder cache that `build` and `deliver` read (``DatabaseLocation/configStore(logger:)``).
    static func configStore(_ config: AnalyticsConfig) throws -> AnalyticsStore {
        try location(config).configStore(logger: LoggingSetup.logger(level: config.logLevel))
    }

    /// For a PostgreSQL `--db`, where a change to saved reports or dashboards went (they live in
    /// this builder's cache, not in PostgreSQL); empty for an SQLite file.
    static func configNote(_ config: AnalyticsConfig) throws -> String {
        let location = try location(config)
        return location.isPostgres ? " in the builder cache \(location.sqlitePath)" : ""
    }

    /// `config` with `databasePath` pointing at an up-to-date SQLite file to read: the database
    /// itself, or for PostgreSQL the builder cache after a sync.
    static func readable(_ config: AnalyticsConfig, logger: Logger) async throws -> AnalyticsConfig {
        var readable = config
        readable.databasePath = try await location(config).preparedSQLitePath(logger: logger)
        return readable
    }
}
