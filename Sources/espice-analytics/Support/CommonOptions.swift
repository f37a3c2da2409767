import ArgumentParser
import Model

/// Flags every subcommand shares: the config file and the database.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Config file (YAML or JSON); see docs/configuration.md.", valueName: "FILE"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("SQLite database (default: DATABASE_PATH, then analytics_data/analytics.db).", valueName: "PATH"))
    var db: String?

    /// Defaults ← environment ← config file ← flags.
    func resolve() throws -> AnalyticsConfig {
        var resolved = try ConfigLoader.load(file: config)
        if let db { resolved.databasePath = db }
        return resolved
    }
}
