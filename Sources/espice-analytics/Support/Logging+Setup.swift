import Logging

/// Only the executable configures logging: stderr, at `LOG_LEVEL` (or the config file's level).
enum LoggingSetup {
    nonisolated(unsafe) private static var done = false

    static func logger(level: String, label: String = "espice-analytics") -> Logger {
        if !done {
            done = true
            let parsed = Logger.Level(rawValue: level.lowercased()) ?? (level.lowercased() == "warn" ? .warning : .info)
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = parsed
                return handler
            }
        }
        return Logger(label: label)
    }
}
