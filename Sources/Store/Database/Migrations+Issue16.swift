internal import GRDB

extension Migrations {
    /// 0010 on: raw-event retention, and the schema changes that made costs independent of the
    /// data's shape (issue 16).
    static func registerRetentionAndIssue16(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("0010-retention") { db in
            // `db prune --older-than`: raw events before `raw_since` (a local midnight) were
            // deleted after being folded, so their figures live only in the rollups. `first_event`
            // is the earliest event time ever stored (what the `all` range starts at). One row at
            // most; none in a database never pruned.
            try db.execute(sql: """
                CREATE TABLE retention (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    raw_since INTEGER NOT NULL,        -- UTC epoch ms
                    first_event INTEGER NOT NULL,      -- UTC epoch ms
                    pruned_events INTEGER NOT NULL,    -- over every prune
                    pruned_at INTEGER NOT NULL         -- UTC epoch ms
                );
                """)
        }
        migrator.registerMigration("0011-users-without-id-index") { db in
            // `ru_users` without the index UNIQUE made on user_id: no query looks a user up by id
            // (a merge numbers users from the directory it loads whole, UserDirectory), and each
            // user new to a rebuild paid an insert at a random place in that index — a third of a
            // rebuild's writes at 200,000 users (issue 16). A rebuild's leftovers go first: their
            // index names are the ones the new table's index takes (RollupShadow).
            try db.execute(sql: """
                DROP TABLE IF EXISTS next_ru_users;
                DROP TABLE IF EXISTS old_ru_users;
                CREATE TABLE ru_users_numbered (number INTEGER PRIMARY KEY, user_id TEXT NOT NULL, first_ts INTEGER NOT NULL);
                INSERT INTO ru_users_numbered (number, user_id, first_ts) SELECT number, user_id, first_ts FROM ru_users;
                DROP TABLE ru_users;
                ALTER TABLE ru_users_numbered RENAME TO ru_users;
                CREATE INDEX ru_users_by_first ON ru_users(first_ts);
                """)
        }
        migrator.registerMigration("0012-time-bucket-index") { db in
            // Events by time bucket (`ts >> 22`, ~70 min), then id: a late or out-of-order event
            // goes in after the rest of its bucket, not at a random page of a `ts` index
            // (issue 16; EventTimeIndex). Time and user stay in it for the raw parts of windows.
            try db.execute(sql: """
                DROP INDEX events_by_time_user;
                CREATE INDEX events_by_bucket ON events(ts >> 22, id, ts, user_id);
                """)
        }
        migrator.registerMigration("0013-users-without-first-index") { db in
            // `ru_users` without its index on first event times: a rebuild entered each user in
            // it, on the writer every later step waits for (a cold rebuild of a Python-made file
            // of 183,754 users: 1.69–1.81 s → 1.65–1.70 s), and its one reader, the count of a
            // window's new users, reads the table whole in milliseconds. Either name goes
            // (RollupShadow).
            try db.execute(sql: """
                DROP INDEX IF EXISTS ru_users_by_first;
                DROP INDEX IF EXISTS ru_users_by_first_b;
                """)
        }
        migrator.registerMigration("0014-user-day-late") { db in
            // Late user days beside each day's block: a refresh adds them here, one small block
            // a day by user number, until they pass a quarter of the day's block, and readers
            // add them to it (RollupTables.mergeUserDays). Empty until then: the stored blocks
            // stay as they are, and no rebuild is needed.
            try db.execute(sql: """
                CREATE TABLE ru_user_day_late (day INTEGER PRIMARY KEY, users BLOB NOT NULL);
                """)
        }
        migrator.registerMigration("0015-user-spans") { db in
            // Each user's totals per span of 32 local days (UserSpans), kept by every merge of
            // user days: a window's per-user totals read a block per whole span in it instead of
            // a block per day. Filled here from the stored day blocks (a few seconds for a year of
            // 200,000 users), so the rollups stay as they are and no rebuild is needed. A
            // rebuild under way loses its token and stops at its next slice (RollupShadow): its
            // shadows lack the new table. The next refresh starts it again.
            try db.execute(sql: """
                DROP TABLE IF EXISTS next_rollup_rebuild;
                CREATE TABLE ru_user_spans (span INTEGER PRIMARY KEY, users BLOB NOT NULL);
                """)
            try UserSpans.fill(db)
        }
    }
}
