import Foundation
import Model
import Store
import Testing

/// The builder's SQLite cache of a PostgreSQL database and the `--db` location that selects it
/// (issue 17), against the real server. Each test has a database and a directory of its own.
@Suite("PostgreSQL builder cache")
struct PostgresBuilderCacheTests {
    @Test("The default cache is a slug of host, port and database under analytics_data, never the URL")
    func defaultCachePathIsASlug() throws {
        let location = try DatabaseLocation("postgres://espice@127.0.0.1:55432/espice", environment: [:])
        #expect(location.sqlitePath == "analytics_data/cache-127-0-0-1-55432-espice.db")
        #expect(location.description == "postgres://espice@127.0.0.1:55432/espice")
        let named = try DatabaseLocation("postgres://espice@db.example/Analytics_2", cachePath: "/tmp/c.db", environment: [:])
        #expect(named.sqlitePath == "/tmp/c.db")
        let sqlite = try DatabaseLocation("analytics_data/analytics.db", environment: [:])
        #expect(sqlite.sqlitePath == "analytics_data/analytics.db")
        let other = try DatabaseLocation("postgres://espice@DB.example:5432/Analytics_2", environment: [:])
        #expect(other.sqlitePath == "analytics_data/cache-db-example-5432-analytics-2.db")
    }

    @Test("A sync copies each committed event exactly once, and the next sync only what came since")
    func syncCopiesEachEventOnce() async throws {
        try await ScratchDatabase.with { database in
            try await database.withStore { store in
                let directory = TemporaryDirectory()
                let cache = try TestStore.open(directory.path("cache.db"))
                let builder = BuilderCache(source: store, cache: cache)
                try await store.insert(postgresSampleEvents(count: 250))
                #expect(try await builder.sync(pageSize: 100) == 250)
                #expect(try cache.eventCount() == 250)
                try await store.importCopy(postgresSampleEvents(count: 40, from: june1Noon + 86_400_000))
                #expect(try await builder.sync(pageSize: 100) == 40)
                #expect(try await builder.sync() == 0)
                // Independently: the per-type counts in PostgreSQL (psql) equal the cache's.
                let expected = try database.query("SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 1")
                var counted: [String: Int] = [:]
                for event in try cache.events(afterId: 0, limit: 1_000) { counted[event.eventType, default: 0] += 1 }
                #expect(counted.sorted { $0.key < $1.key }.map { "\($0.key)|\($0.value)" } == expected)
            }
        }
    }

    @Test("Two processes syncing one cache at once store each event once")
    func concurrentSyncsDoNotDouble() async throws {
        try await ScratchDatabase.with { database in
            try await database.withStore { store in
                let directory = TemporaryDirectory()
                try await store.insert(postgresSampleEvents(count: 3_000))
                let first = BuilderCache(source: store, cache: try TestStore.open(directory.path("cache.db")))
                let second = BuilderCache(source: store, cache: try TestStore.open(directory.path("cache.db")))
                async let a = first.sync(pageSize: 50)
                async let b = second.sync(pageSize: 50)
                let copied = try await a + b
                #expect(copied == 3_000)
                #expect(try first.cache.eventCount() == 3_000)
            }
        }
    }

    @Test("A cache filled from one database is refused for another, and an SQLite database with events of its own too")
    func foreignCachesAreRefused() async throws {
        let directory = TemporaryDirectory()
        try await ScratchDatabase.with { database in
            try await database.withStore { store in
                try await store.insert(postgresSampleEvents(count: 3))
                try await BuilderCache(source: store, cache: try TestStore.open(directory.path("cache.db"))).sync()
            }
        }
        try await ScratchDatabase.with { database in
            try await database.withStore { store in
                let error = await #expect(throws: StoreError.self) {
                    try await BuilderCache(source: store, cache: try TestStore.open(directory.path("cache.db"))).sync()
                }
                #expect(error?.description.contains("--cache") == true)
                let own = try TestStore.open(directory.path("own.db"))
                try own.insert(postgresSampleEvents(count: 1))
                await #expect(throws: StoreError.self) { try await BuilderCache(source: store, cache: own).sync() }
            }
        }
    }
}
