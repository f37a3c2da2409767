internal import GRDB

/// The schema, as named, append-only migrations written in literal SQL. Never edit a migration
/// that has shipped: add a new one. The schema version is the number of migrations applied.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-events") { db in
            // Events are stored exactly as tracked: `event_data` is the JSON text as received.
            // The well-known fields are copied into typed columns so reports never parse JSON.
            try db.execute(sql: """
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    ts INTEGER NOT NULL,               -- event time, UTC epoch milliseconds
                    received_at INTEGER NOT NULL,      -- when it was stored, UTC epoch milliseconds
                    event_type TEXT NOT NULL,
                    service_name TEXT,
                    user_id TEXT,
                    event_data TEXT NOT NULL,
                    device_type TEXT,
                    processing_time_ms REAL,
                    file_size_mb REAL,
                    error_type TEXT,
                    error_message TEXT,
                    error_service TEXT,                -- event_data.service
                    model_complexity TEXT,
                    parameters_extracted REAL
                );
                CREATE INDEX events_by_time ON events(ts);
                """)
        }
        migrator.registerMigration("0002-configs-and-history") { db in
            try db.execute(sql: """
                CREATE TABLE dashboards (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    slug TEXT NOT NULL UNIQUE,
                    config TEXT NOT NULL,              -- the original's dashboard JSON
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE saved_reports (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    slug TEXT NOT NULL UNIQUE,
                    report_type TEXT NOT NULL,
                    schedule TEXT,
                    config TEXT NOT NULL,              -- the original's saved-report JSON
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,                -- build, import, report, delivery
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    status TEXT NOT NULL,              -- running, succeeded, failed
                    events_folded INTEGER NOT NULL DEFAULT 0,
                    outputs TEXT NOT NULL DEFAULT '[]',
                    errors TEXT NOT NULL DEFAULT '[]',
                    details TEXT NOT NULL DEFAULT '{}'
                );
                CREATE INDEX runs_by_start ON runs(kind, started_at);
                """)
        }
        return migrator
    }
}
