import Foundation
import Model
import Store
import Testing

/// TLS to the test server (`scripts/start-postgres.sh` serves a certificate for localhost and
/// 127.0.0.1 from a CA of its own, `ESPICE_TEST_POSTGRES_CA`). Whether a connection is encrypted
/// is asked of the server (`pg_stat_ssl`), not of the client.
@Suite("PostgreSQL connections over TLS")
struct PostgresTestsTLS {
    static func caFile() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["ESPICE_TEST_POSTGRES_CA"],
            "ESPICE_TEST_POSTGRES_CA is not set: run `eval \"$(scripts/start-postgres.sh)\"` (make test does)")
    }

    /// The scratch database's URL with another host and query.
    static func url(_ database: ScratchDatabase, host: String, query: String) -> String {
        let location = database.location
        return "postgres://\(location.user)@\(host):\(location.port)/\(location.database)?\(query)"
    }

    /// Stores one event through `url`, then reports whether the store's connections, as the server
    /// sees them, are encrypted (one "t" or "f" per connection other than psql's own).
    static func encryption(_ database: ScratchDatabase, url: String) async throws -> [String] {
        let location = try PostgresLocation(url: url)
        let store = try await PostgresEventStore.open(location, poolSize: 1, logger: TestStore.logger)
        do {
            try await store.insert([TrackedEvent(eventType: "feature_used", timestamp: june1Noon)])
            let encrypted = try database.query(
                """
                SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                """)
            await store.close()
            return encrypted
        } catch {
            await store.close()
            throw error
        }
    }

    @Test("sslmode=verify-full with the server's CA file connects over TLS")
    func verifyFullWithTheCAConnects() async throws {
        let ca = try Self.caFile()
        try await ScratchDatabase.with { database in
            for host in ["localhost", "127.0.0.1"] {
                let url = Self.url(database, host: host, query: "sslmode=verify-full&sslrootcert=\(ca)")
                let encrypted = try await Self.encryption(database, url: url)
                #expect(encrypted == ["t"], "\(host)")
            }
        }
    }

    @Test("sslmode=require encrypts without a CA file, and sslmode=disable does not encrypt")
    func requireEncryptsAndDisableDoesNot() async throws {
        try await ScratchDatabase.with { database in
            for (mode, encrypted) in [("require", "t"), ("disable", "f")] {
                let url = Self.url(database, host: "127.0.0.1", query: "sslmode=\(mode)")
                let seen = try await Self.encryption(database, url: url)
                #expect(seen == [encrypted], "sslmode=\(mode)")
            }
        }
    }

    @Test("sslmode=verify-full refuses a server whose certificate is not from the given CA")
    func verifyFullRefusesAnotherCA() async throws {
        let directory = TemporaryDirectory()
        let otherCA = directory.path("other-ca.pem")
        let made = try run(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=another CA",
             "-keyout", directory.path("other-ca.key"), "-out", otherCA])
        #expect(made == 0)
        try await ScratchDatabase.with { database in
            let location = try PostgresLocation(
                url: Self.url(database, host: "localhost", query: "sslmode=verify-full&sslrootcert=\(otherCA)"))
            let error = await #expect(throws: StoreError.self) {
                _ = try await PostgresEventStore.open(location, logger: TestStore.logger)
            }
            let text = try #require(error).description
            #expect(text.hasPrefix("\(location): cannot open database"))
            #expect(text.contains("TLS handshake failed") && text.contains("CERTIFICATE_VERIFY_FAILED"))
            #expect(!text.contains("\n"))
        }
    }
}
