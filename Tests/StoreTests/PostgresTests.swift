import Foundation
import Model
import Store
import Testing

/// The PostgreSQL event store against a real server (issue 17): locations, migrations,
/// partitions, INSERT and COPY, retention. Each test has a database of its own.
@Suite("PostgreSQL event store")
struct PostgresTests {
    @Test("A password inside the URL is refused with a one-line hint, and never shown")
    func passwordInURLIsRefused() throws {
        let error = #expect(throws: StoreError.self) {
            try PostgresLocation(url: "postgres://espice:s3cret@db.example:5432/analytics")
        }
        let text = try #require(error).description
        #expect(text.contains("PGPASSWORD"))
        #expect(text.contains("config file"))
        #expect(!text.contains("s3cret"))
        #expect(!text.contains("\n"))
    }

    @Test("A URL is read with its defaults, TLS mode and CA file, and the password from PGPASSWORD")
    func urlsAreRead() throws {
        let plain = try PostgresLocation(
            url: "postgresql://ingest@db.example/analytics", environment: ["PGPASSWORD": "pw"])
        #expect(plain.host == "db.example" && plain.port == 5432 && plain.user == "ingest")
        #expect(plain.database == "analytics" && plain.tls == .prefer)
        #expect(plain.description == "postgres://ingest@db.example:5432/analytics")
        let directory = TemporaryDirectory()
        let ca = try directory.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let secure = try PostgresLocation(
            url: "postgres://ingest@db.example:6543/a?sslmode=verify-full&sslrootcert=\(ca)")
        #expect(secure.port == 6543 && secure.tls == .verifyFull && secure.rootCertificatePath == ca)
        for refused in [
            "postgres://ingest@db.example/a?sslmode=sometimes",
            "postgres://ingest@db.example/a?sslrootcert=/no/such.pem&sslmode=require",
            "postgres://ingest@db.example/a?sslrootcert=\(ca)",  // a CA file needs an sslmode that uses it
            "postgres://ingest@db.example/a?pool=3",
            "postgres://db.example/a",
        ] {
            #expect(throws: StoreError.self, "\(refused)") { try PostgresLocation(url: refused) }
        }
    }

    @Test("Only postgres:// and postgresql:// values of --db are PostgreSQL URLs")
    func postgresURLsAreRecognised() {
        #expect(PostgresLocation.isPostgresURL("postgres://u@h/db"))
        #expect(PostgresLocation.isPostgresURL("POSTGRESQL://u@h/db"))
        #expect(!PostgresLocation.isPostgresURL("analytics_data/analytics.db"))
        #expect(!PostgresLocation.isPostgresURL("postgres.db"))
    }

    @Test("The SQLite store refuses a PostgreSQL URL instead of making a file named after it")
    func sqliteStoreRefusesAPostgresURL() throws {
        let before = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath)
        let error = #expect(throws: StoreError.self) {
            _ = try AnalyticsStore(path: "postgres://espice:s3cret@db.example/analytics", logger: TestStore.logger)
        }
        let text = try #require(error).description
        #expect(text.hasPrefix("postgres://espice:***@db.example/analytics: this command works on SQLite only"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.currentDirectoryPath) == before)
    }

    @Test("Opening a database on a server that is not running fails at once with a clear error")
    func missingServerIsAClearError() async throws {
        let location = try PostgresLocation(
            url: "postgres://espice_test@127.0.0.1:1/nothing", environment: ["PGPASSWORD": "x"])
        let started = ContinuousClock.now
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresEventStore.open(location, logger: TestStore.logger)
        }
        let text = try #require(error).description
        #expect(text.hasPrefix("postgres://espice_test@127.0.0.1:1/nothing: cannot open database"))
        #expect(text.contains("is the server running"))
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test("A wrong password is refused with the server's own message")
    func wrongPasswordIsRefused() async throws {
        let server = try PostgresTestServer.location()
        let location = try PostgresLocation(url: server.description, password: "not-the-password")
        let error = await #expect(throws: StoreError.self) {
            _ = try await PostgresEventStore.open(location, logger: TestStore.logger)
        }
        #expect(try #require(error).description.contains("password authentication failed"))
    }

    @Test("Migrations are applied once and recorded by name; opening again applies nothing")
    func migrationsAreRecordedOnce() async throws {
        try await ScratchDatabase.with { database in
            let first = try await database.withStore { $0.migrationsApplied }
            #expect(first == ["0001-events", "0002-retention"])
            let recorded = try database.query("SELECT name, applied_at FROM schema_migrations ORDER BY name")
            let second = try await database.withStore { $0.migrationsApplied }
            #expect(second.isEmpty)
            #expect(try database.query("SELECT name, applied_at FROM schema_migrations ORDER BY name") == recorded)
            #expect(recorded.count == 2 && recorded[0].hasPrefix("0001-events|") && recorded[1].hasPrefix("0002-retention|"))
            #expect(try database.query("SELECT relkind FROM pg_class WHERE relname = 'events'") == ["p"])
        }
    }

    @Test("A database of an earlier version gets only the migrations it lacks, its events untouched")
    func laterMigrationsApplyToAnEarlierSchema() async throws {
        try await ScratchDatabase.with { database in
            try await database.withStore { try await $0.insert(postgresSampleEvents(count: 3)) }
            // As the version before retention left it.
            _ = try database.query("DROP TABLE retention")
            _ = try database.query("DELETE FROM schema_migrations WHERE name = '0002-retention'")
            let applied = try await database.withStore { $0.migrationsApplied }
            #expect(applied == ["0002-retention"])
            #expect(try database.query("SELECT count(*) FROM events") == ["3"])
            #expect(try database.query("SELECT count(*) FROM retention") == ["0"])
        }
    }

    @Test("Month partitions follow UTC calendar months")
    func monthPartitionsAreCalendarMonths() {
        let june = MonthPartition(containing: june1Noon)
        #expect(june.tableName == "events_y2025m06")
        #expect(june.start == june1Noon - 12 * 3_600_000)
        #expect(june.end == june.start + 30 * 86_400_000)
        #expect(MonthPartition(containing: june.start - 1).tableName == "events_y2025m05")
        #expect(MonthPartition(containing: june.end).tableName == "events_y2025m07")
        let leapFebruary = MonthPartition(year: 2024, month: 2)
        #expect(leapFebruary.end - leapFebruary.start == 29 * 86_400_000)
        #expect(MonthPartition(year: 2025, month: 12).next == MonthPartition(year: 2026, month: 1))
        #expect(MonthPartition(containing: 0).tableName == "events_y1970m01")
        #expect(MonthPartition(tableName: "events_y2025m06") == june)
        #expect(MonthPartition(tableName: "events_y2025m13") == nil && MonthPartition(tableName: "events") == nil)
    }

    @Test("Events land in the partitions of their months, created on demand")
    func eventsLandInTheirMonthPartitions() async throws {
        let june = MonthPartition(containing: june1Noon)
        let times: [Int64] = [
            june.start - 1, june.start, june1Noon, june.end - 1, june.end, MonthPartition(year: 2026, month: 1).start,
        ]
        let events = times.map { TrackedEvent(eventType: "feature_used", timestamp: $0) }
        try await ScratchDatabase.with { database in
            try await database.withStore { store in
                try await store.insert(Array(events.prefix(3)))
                try await store.insert(Array(events.dropFirst(3)))
            }
            #expect(try database.query("SELECT tableoid::regclass, count(*) FROM events GROUP BY 1 ORDER BY 1") == [
                "events_y2025m05|1", "events_y2025m06|3", "events_y2025m07|1", "events_y2026m01|1",
            ])
            #expect(try database.query(
                """
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'events'::regclass ORDER BY 1
                """
            ) == ["events_y2025m05", "events_y2025m06", "events_y2025m07", "events_y2026m01"])
            // Every row is in the month of its own time.
            #expect(try database.query(
                "SELECT ts, tableoid::regclass FROM events ORDER BY ts"
            ) == times.map { "\($0)|\(MonthPartition(containing: $0).tableName)" })
        }
    }

    @Test("A multi-row insert and COPY store the same rows, checked against figures counted from the input")
    func insertAndCopyStoreTheSameRows() async throws {
        let events = postgresSampleEvents(count: 2_345, step: 1_234_567)  // about a month and a half
        let receivedAt: Int64 = june1Noon + 86_400_000 * 60
        // Per type: events and the sum of processing times in microseconds, counted by hand.
        var expected: [String: (count: Int, micros: Int64)] = [:]
        for event in events {
            let micros = event.fields.processingTimeMs.map { Int64(($0 * 1000).rounded()) } ?? 0
            expected[event.eventType, default: (0, 0)].count += 1
            expected[event.eventType, default: (0, 0)].micros += micros
        }
        let expectedLines = expected.keys.sorted().map { "\($0)|\(expected[$0]!.count)|\(expected[$0]!.micros)" }
        let perType = """
            SELECT event_type, count(*), coalesce(sum(round(processing_time_ms * 1000)::bigint), 0)
            FROM events GROUP BY 1 ORDER BY 1
            """
        var stored: [[TrackedEvent: Int]] = []
        for viaCopy in [false, true] {
            try await ScratchDatabase.with { database in
                let read = try await database.withStore { store in
                    if viaCopy {
                        #expect(try await store.importCopy(events, receivedAt: receivedAt) == events.count)
                    } else {
                        #expect(try await store.insert(events, receivedAt: receivedAt).count == events.count)
                    }
                    return try await drain(store, from: .start).events
                }
                #expect(try database.query(perType) == expectedLines)
                #expect(read.allSatisfy { $0.receivedAt == receivedAt })
                stored.append(read.reduce(into: [:]) { $0[$1.event, default: 0] += 1 })
            }
        }
        let input: [TrackedEvent: Int] = events.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        #expect(stored.count == 2)
        #expect(stored.first == input)
        #expect(stored.last == input)
    }
}
