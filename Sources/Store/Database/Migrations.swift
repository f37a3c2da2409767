internal import GRDB

/// The schema, as named, append-only migrations written in literal SQL. Never edit a migration
/// that has shipped: add a new one. The schema version is the number of migrations applied.
///
/// Rollup tables are replaced by their shadows at each rebuild (``RollupShadow``): their schema
/// text is then SQLite's (table names quoted), and each rollup index is named as here or with
/// `_b` appended. A migration that names a rollup index must accept both names.
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
        migrator.registerMigration("0003-rollups") { db in
            // Rollups: aggregates by local hour slot (UTC ms of its start) and, for users, by
            // local day, folded from events with id <= watermark. The fingerprint records the
            // zone and event roles they were folded with; a change rebuilds them.
            try db.execute(sql: """
                CREATE TABLE rollup_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    fingerprint TEXT NOT NULL,
                    watermark INTEGER NOT NULL,
                    folded_at INTEGER NOT NULL
                );
                CREATE TABLE ru_types (slot INTEGER NOT NULL, event_type TEXT NOT NULL, service_name TEXT,
                    events INTEGER NOT NULL, with_user INTEGER NOT NULL);
                CREATE INDEX ru_types_by_slot ON ru_types(slot);
                CREATE TABLE ru_timings (slot INTEGER NOT NULL, service_name TEXT, count INTEGER NOT NULL,
                    sum_micros INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sketch BLOB NOT NULL);
                CREATE INDEX ru_timings_by_slot ON ru_timings(slot);
                CREATE TABLE ru_dimensions (slot INTEGER NOT NULL, role INTEGER NOT NULL, dimension INTEGER NOT NULL,
                    value TEXT, events INTEGER NOT NULL);
                CREATE INDEX ru_dimensions_by_slot ON ru_dimensions(slot);
                CREATE TABLE ru_models (slot INTEGER NOT NULL, device_type TEXT, complexity TEXT, events INTEGER NOT NULL,
                    parameter_count INTEGER NOT NULL, parameter_sum_micros INTEGER NOT NULL, parameter_max REAL NOT NULL);
                CREATE INDEX ru_models_by_slot ON ru_models(slot);
                CREATE TABLE ru_errors (slot INTEGER NOT NULL, error_type TEXT, service TEXT, events INTEGER NOT NULL);
                CREATE INDEX ru_errors_by_slot ON ru_errors(slot);
                CREATE TABLE ru_messages (slot INTEGER NOT NULL, message TEXT NOT NULL, events INTEGER NOT NULL);
                CREATE INDEX ru_messages_by_slot ON ru_messages(slot);
                CREATE TABLE ru_user_days (day INTEGER NOT NULL, user_id TEXT NOT NULL, events INTEGER NOT NULL,
                    first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL);
                CREATE INDEX ru_user_days_by_day ON ru_user_days(day);
                CREATE TABLE ru_user_first (user_id TEXT PRIMARY KEY, first_ts INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX ru_user_first_by_time ON ru_user_first(first_ts);
                """)
        }
        migrator.registerMigration("0004-deliveries") { db in
            // The delivery ledger: one row per (saved report, period, recipient), sent exactly
            // once; every attempt (email or webhook) recorded; the last state of each alert.
            try db.execute(sql: """
                CREATE TABLE deliveries (
                    id INTEGER PRIMARY KEY,
                    report_name TEXT NOT NULL,
                    period_start INTEGER NOT NULL,     -- UTC epoch ms
                    period_end INTEGER NOT NULL,       -- UTC epoch ms: the schedule firing
                    recipient TEXT NOT NULL,
                    status TEXT NOT NULL,              -- sent, failed
                    attempts INTEGER NOT NULL,
                    last_error TEXT,
                    message_id TEXT,
                    channel TEXT,                      -- smtp, outbox
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    sent_at INTEGER,
                    UNIQUE (report_name, period_end, recipient)
                );
                CREATE TABLE delivery_attempts (
                    id INTEGER PRIMARY KEY,
                    report_name TEXT NOT NULL,
                    period_end INTEGER NOT NULL,
                    recipient TEXT NOT NULL,
                    run_id INTEGER,
                    attempted_at INTEGER NOT NULL,
                    succeeded INTEGER NOT NULL,
                    error TEXT,
                    channel TEXT NOT NULL
                );
                CREATE INDEX delivery_attempts_by_report ON delivery_attempts(report_name, attempted_at);
                CREATE TABLE webhook_attempts (
                    id INTEGER PRIMARY KEY,
                    event TEXT NOT NULL,
                    url TEXT NOT NULL,
                    run_id INTEGER,
                    attempted_at INTEGER NOT NULL,
                    status_code INTEGER,
                    succeeded INTEGER NOT NULL,
                    error TEXT
                );
                CREATE TABLE alert_state (
                    metric TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    level TEXT NOT NULL,
                    value REAL,
                    changed_at INTEGER NOT NULL,
                    PRIMARY KEY (metric, scope)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("0005-daily-rollups") { db in
            // A daily tier beside the hour slots, for the families reports bucket by day: `slot`
            // holds the UTC start of a local day, so a long window reads one row per day and key
            // instead of twenty-four (types stay hourly: hour of day is a report dimension).
            // Covering indexes let the window reads of types and user days skip the table; the
            // user-day index is in the order user_activity lists them. The rollup fingerprint
            // changed with this tier (v2), so existing rollups are rebuilt on the next refresh.
            try db.execute(sql: """
                CREATE TABLE rd_timings (slot INTEGER NOT NULL, service_name TEXT, count INTEGER NOT NULL,
                    sum_micros INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sketch BLOB NOT NULL);
                CREATE INDEX rd_timings_by_slot ON rd_timings(slot);
                CREATE TABLE rd_dimensions (slot INTEGER NOT NULL, role INTEGER NOT NULL, dimension INTEGER NOT NULL,
                    value TEXT, events INTEGER NOT NULL);
                CREATE INDEX rd_dimensions_by_slot ON rd_dimensions(slot);
                CREATE TABLE rd_models (slot INTEGER NOT NULL, device_type TEXT, complexity TEXT, events INTEGER NOT NULL,
                    parameter_count INTEGER NOT NULL, parameter_sum_micros INTEGER NOT NULL, parameter_max REAL NOT NULL);
                CREATE INDEX rd_models_by_slot ON rd_models(slot);
                CREATE TABLE rd_errors (slot INTEGER NOT NULL, error_type TEXT, service TEXT, events INTEGER NOT NULL);
                CREATE INDEX rd_errors_by_slot ON rd_errors(slot);
                CREATE TABLE rd_messages (slot INTEGER NOT NULL, message TEXT NOT NULL, events INTEGER NOT NULL);
                CREATE INDEX rd_messages_by_slot ON rd_messages(slot);
                DROP INDEX ru_types_by_slot;
                CREATE INDEX ru_types_by_slot_covering ON ru_types(slot, event_type, service_name, events, with_user);
                DROP INDEX ru_user_days_by_day;
                CREATE INDEX ru_user_days_in_order ON ru_user_days(day, events DESC, user_id, first_ts, last_ts);
                """)
        }
        migrator.registerMigration("0006-user-day-blocks") { db in
            // Users numbered once (their first event time with them), and each local day's
            // per-user activity as one block in the user_activity order (see UserDayBlock): a
            // 90-day window reads ninety blocks instead of a row per user and day. Types join the
            // daily tier, and what reports break down by hour of day (processed, error and
            // with-user events) gets a row per hour. The rollup fingerprint changed with this
            // (v3), so the rollups are rebuilt on the next refresh.
            try db.execute(sql: """
                CREATE TABLE rd_types (slot INTEGER NOT NULL, event_type TEXT NOT NULL, service_name TEXT,
                    events INTEGER NOT NULL, with_user INTEGER NOT NULL);
                CREATE INDEX rd_types_by_slot ON rd_types(slot);
                CREATE TABLE ru_hours (slot INTEGER PRIMARY KEY, processed INTEGER NOT NULL, errors INTEGER NOT NULL,
                    with_user INTEGER NOT NULL);
                DROP TABLE ru_user_days;
                DROP TABLE ru_user_first;
                CREATE TABLE ru_users (number INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, first_ts INTEGER NOT NULL);
                CREATE INDEX ru_users_by_first ON ru_users(first_ts);
                CREATE TABLE ru_user_day_blocks (day INTEGER PRIMARY KEY, users BLOB NOT NULL);
                """)
        }
        migrator.registerMigration("0007-time-user-index") { db in
            // The time index also holds the user: a window's partial days of per-user activity
            // (the time and user of up to a day of events each) are read from the index alone,
            // without visiting the table. Rebuilding it takes a few seconds per million events.
            try db.execute(sql: """
                DROP INDEX events_by_time;
                CREATE INDEX events_by_time_user ON events(ts, user_id);
                """)
        }
        migrator.registerMigration("0008-takeover") { db in
            // Takeovers of the original service's database (`import OLD.db`): per source, the
            // highest original event id taken (imported or listed as unreadable), advanced in the
            // same transaction as the events it covers, so a second import brings only newer rows
            // and an interrupted one resumes without doubles. `identity` is the source's first
            // event (see OriginalDatabase.identity), so a copy of the same file is the same source.
            // takeover_configs remembers under which name each original dashboard and saved
            // report is stored here, so a re-import updates it instead of adding another.
            try db.execute(sql: """
                CREATE TABLE takeover_sources (
                    id INTEGER PRIMARY KEY,
                    identity TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,                -- as given to the last import
                    last_event_id INTEGER NOT NULL,
                    events_imported INTEGER NOT NULL,
                    events_rejected INTEGER NOT NULL,
                    first_import_at INTEGER NOT NULL,  -- UTC epoch ms
                    last_import_at INTEGER NOT NULL
                );
                CREATE TABLE takeover_configs (
                    source_id INTEGER NOT NULL REFERENCES takeover_sources(id),
                    kind TEXT NOT NULL,                -- dashboard, saved_report
                    original_id INTEGER NOT NULL,
                    name TEXT NOT NULL,                -- the name it is stored under here
                    PRIMARY KEY (source_id, kind, original_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("0009-postgres-cursor") { db in
            // A builder's cache of a PostgreSQL database (docs/architecture.md): how far it has
            // copied PostgreSQL's committed events into `events`, advanced in the same transaction
            // as the events it covers. `server` is the database it belongs to (host:port/db); a
            // cursor means nothing on another server. One row at most; none in a plain database.
            try db.execute(sql: """
                CREATE TABLE postgres_cursor (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    server TEXT NOT NULL,
                    cursor TEXT NOT NULL,              -- PostgresEventCursor as JSON
                    events_synced INTEGER NOT NULL,
                    synced_at INTEGER NOT NULL         -- UTC epoch ms
                );
                """)
        }
        registerRetentionAndIssue16(&migrator)
        return migrator
    }
}
