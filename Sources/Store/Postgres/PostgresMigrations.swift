internal import Logging
internal import PostgresNIO

/// The PostgreSQL schema as named, append-only migrations in literal SQL, recorded by name in
/// `schema_migrations` (the counterpart of ``Migrations`` for SQLite). Never edit a migration that
/// has shipped: add a new one. Applying is safe when several daemons start at once: one
/// transaction under an advisory lock applies what is missing, the others then find it recorded.
enum PostgresMigrations {
    struct Migration {
        let name: String
        /// One statement each (the extended query protocol runs one at a time).
        let statements: [String]
    }

    /// Advisory lock keys of this schema (any constant the other users of a database don't take).
    static let migrationLock: Int64 = 0x4553_5049_4345_0001
    static let partitionLock: Int64 = 0x4553_5049_4345_0002

    static let all: [Migration] = [
        Migration(name: "0001-events", statements: [
            // Events as in SQLite's `events` (Migrations.swift: 0001-events), partitioned by
            // month of the event time. `id` comes from a sequence: unique and rising, but values
            // commit out of order, so readers follow `xact_id` (the writing transaction, see
            // PostgresEventStore+Reading.swift), never a watermark on `id`.
            "CREATE SEQUENCE events_id_seq AS bigint",
            """
            CREATE TABLE events (
                id bigint NOT NULL DEFAULT nextval('events_id_seq'),
                ts bigint NOT NULL,                    -- event time, UTC epoch milliseconds
                received_at bigint NOT NULL,           -- when it was stored, UTC epoch milliseconds
                event_type text NOT NULL,
                service_name text,
                user_id text,
                event_data text NOT NULL,              -- the JSON text as received
                device_type text,
                processing_time_ms double precision,
                file_size_mb double precision,
                error_type text,
                error_message text,
                error_service text,                    -- event_data.service
                model_complexity text,
                parameters_extracted double precision,
                xact_id xid8 NOT NULL DEFAULT pg_current_xact_id()  -- the inserting transaction
            ) PARTITION BY RANGE (ts)
            """,
            "ALTER SEQUENCE events_id_seq OWNED BY events.id",
            // Report windows read by time (and user, as SQLite's events_by_time_user); incremental
            // readers by transaction, then id.
            "CREATE INDEX events_by_time_user ON events (ts, user_id)",
            "CREATE INDEX events_by_transaction ON events (xact_id, id)",
        ]),
        Migration(name: "0002-retention", statements: [
            // `db prune`: the month partitions before `raw_since` were dropped, their events'
            // figures kept only in the builder caches' rollups. A builder cache that has never
            // synced cannot get them back, so it is refused while this row exists (BuilderCache).
            """
            CREATE TABLE retention (
                id integer PRIMARY KEY CHECK (id = 1),
                raw_since bigint NOT NULL,              -- UTC epoch ms: the first month kept
                pruned_events bigint NOT NULL,          -- over every prune
                pruned_at bigint NOT NULL               -- UTC epoch ms
            )
            """,
        ]),
    ]

    /// Applies the missing migrations on `connection`; returns the names applied now (empty when
    /// the schema was already current). Refuses a database recorded by a newer version.
    static func apply(on connection: PostgresConnection, target: String, logger: Logger) async throws -> [String] {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var recorded = Set<String>()
            for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                .decode(String.self)
            {
                recorded.insert(name)
            }
            let unknown = recorded.subtracting(all.map(\.name))
            if !unknown.isEmpty {
                throw StoreError.newerSchema(path: target, unknownMigrations: Array(unknown))
            }
            var applied: [String] = []
            for migration in all where !recorded.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name) VALUES (\(migration.name))", logger: logger)
                applied.append(migration.name)
            }
            return applied
        }
    }
}
