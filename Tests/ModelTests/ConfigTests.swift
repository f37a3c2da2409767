import Testing
@testable import Model

/// SPEC §10: built-in defaults, then the original's environment variables, then the config file
/// (flags come last; the CLI tests cover them).
@Suite("configuration")
struct ConfigTests {
    @Test("defaults without environment or file")
    func defaults() throws {
        let config = try AnalyticsConfig(environment: [:])
        #expect(config.databasePath == "analytics_data/analytics.db")
        #expect(config.outputPath == "Output")
        #expect(config.cacheTTL == 3600)
        #expect(config.timeZone == "UTC")
        #expect(config.eventRoles == .defaults)
    }

    @Test("the environment overrides defaults; REDIS_URL is accepted and changes nothing")
    func environment() throws {
        let config = try AnalyticsConfig(environment: [
            "DATABASE_PATH": "/data/env.db", "REPORT_STORAGE_PATH": "/srv/site", "CACHE_TTL": "60",
            "MAX_WORKERS": "2", "LOG_LEVEL": "DEBUG", "REDIS_URL": "redis://localhost:6379",
        ])
        #expect(config.databasePath == "/data/env.db")
        #expect(config.outputPath == "/srv/site")
        #expect(config.cacheTTL == 60)
        #expect(config.maxWorkers == 2)
        #expect(config.logLevel == "debug")
    }

    @Test("DATABASE_URL names a PostgreSQL database over DATABASE_PATH; another scheme is refused naming it")
    func databaseURL() throws {
        let config = try AnalyticsConfig(environment: [
            "DATABASE_PATH": "/data/env.db", "DATABASE_URL": "postgres://espice@db:5432/analytics",
        ])
        #expect(config.databasePath == "postgres://espice@db:5432/analytics")
        let error = #expect(throws: ConfigError.self) {
            try AnalyticsConfig(environment: ["DATABASE_URL": "sqlite:///data/a.db"])
        }
        #expect(error?.source == "DATABASE_URL")
        var file = ConfigFile()
        file.databasePassword = "pw"
        file.databaseCache = "/var/cache/espice.db"
        var fromFile = try AnalyticsConfig(environment: [:])
        fromFile.apply(file)
        #expect(fromFile.databasePassword == "pw" && fromFile.databaseCache == "/var/cache/espice.db")
    }

    @Test("the config file overrides the environment; what the file leaves out keeps the env value")
    func fileOverEnvironment() throws {
        var config = try AnalyticsConfig(environment: ["DATABASE_PATH": "/data/env.db", "CACHE_TTL": "60"])
        var file = ConfigFile()
        file.databasePath = "/data/file.db"
        file.timeZone = "Europe/Berlin"
        config.apply(file)
        #expect(config.databasePath == "/data/file.db")
        #expect(config.cacheTTL == 60)
        #expect(config.timeZone == "Europe/Berlin")
    }

    @Test("a bad environment value names the variable", arguments: [
        ("CACHE_TTL", "soon"), ("CACHE_TTL", "-1"), ("MAX_WORKERS", "0"), ("MAX_WORKERS", "many"),
    ])
    func badEnvironment(name: String, value: String) throws {
        let error = try #require(throws: ConfigError.self) { try AnalyticsConfig(environment: [name: value]) }
        #expect(error.source == name)
        #expect(error.description.contains("\"\(value)\""))
    }

    @Test("an unknown key is named, at the top level and inside a section", arguments: [
        (nil, "databse_path", "unknown key \"databse_path\""),
        ("ingest", "hots", "unknown key \"ingest.hots\""),
        ("event_roles", "errors", "unknown key \"event_roles.errors\""),
    ] as [(String?, String, String)])
    func unknownKey(section: String?, key: String, expected: String) throws {
        var document: [String: Any] = [key: "x"]
        if let section { document = [section: document] }
        let error = try #require(throws: ConfigError.self) {
            try ConfigFile.checkKeys(document, source: "site.yaml")
        }
        #expect(error.source == "site.yaml")
        #expect(error.message.hasPrefix(expected))
    }

    @Test("known keys pass the check")
    func knownKeys() throws {
        try ConfigFile.checkKeys(
            ["database_path": "a.db", "ingest": ["port": 9000], "event_roles": ["error": ["oops"]]], source: "ok.yaml")
    }

    @Test("event roles decide an event type's role; configured lists replace the defaults")
    func roles() {
        let defaults = EventRoles.defaults
        #expect(defaults.role(of: "document_processed") == .processed)
        #expect(defaults.role(of: "processing_error") == .error)
        #expect(defaults.role(of: "error") == .error)
        #expect(defaults.role(of: "spice_model_generated") == .modelGenerated)
        #expect(defaults.role(of: "page_view") == .other)
        let custom = EventRoles(processed: ["doc_done"], error: ["failed"], modelGenerated: [])
        #expect(custom.role(of: "document_processed") == .other)
        #expect(custom.role(of: "failed") == .error)
    }
}
