import Foundation
import Ingest
import Model
import Store
import Testing

@Suite("bearer token")
struct TokenTests {
    static let token = "s3cret-token"

    @Test("with a token configured, tracking without it or with a wrong one is a 401 and stores nothing", arguments: [
        nil, "Bearer wrong", "Bearer s3cret-toke", "Bearer s3cret-token-and-more", "Basic s3cret-token", "s3cret-token",
    ])
    func refused(authorization: String?) async throws {
        let daemon = try await TestDaemon.start { $0.token = Self.token }
        let headers = authorization.map { ["Authorization": $0] } ?? [:]
        let single = try await daemon.client.track(#"{"event_type":"x"}"#, headers: headers)
        let batch = try await daemon.client.post("/api/analytics/track/batch", #"[{"event_type":"x"}]"#, headers: headers)
        for answer in [single, batch] {
            #expect(answer.status == 401)
            #expect(answer.header("WWW-Authenticate") == "Bearer")
            #expect(answer.json["field"] as? String == "Authorization")
        }
        #expect(single.json["detail"] as? String == (authorization == nil ? "missing bearer token" : "invalid bearer token"))
        #expect(try daemon.storedEvents().isEmpty)
        try await daemon.stop()
    }

    @Test("with the right token, tracking works; health and metrics stay open")
    func accepted() async throws {
        let daemon = try await TestDaemon.start { $0.token = Self.token }
        let good = try await daemon.client.track(#"{"event_type":"x"}"#, headers: ["Authorization": "Bearer \(Self.token)"])
        let lowercase = try await daemon.client.track(#"{"event_type":"y"}"#, headers: ["Authorization": "bearer \(Self.token)"])
        #expect(good.status == 200)
        #expect(lowercase.status == 200)
        #expect(try await daemon.client.get("/health").status == 200)
        #expect(try await daemon.client.get("/metrics").status == 200)
        #expect(try daemon.storedEvents().map(\.eventType) == ["x", "y"])
        try await daemon.stop()
    }

    @Test("without a token, no Authorization header is needed")
    func off() async throws {
        let daemon = try await TestDaemon.start()
        #expect(try await daemon.client.track(#"{"event_type":"x"}"#).status == 200)
        try await daemon.stop()
    }

    @Test("ANALYTICS_INGEST_TOKEN and the config file's ingest.token both set the token")
    func configuration() throws {
        let fromEnvironment = try IngestConfiguration(AnalyticsConfig(environment: ["ANALYTICS_INGEST_TOKEN": "abc"]))
        #expect(fromEnvironment.token == "abc")
        var file = ConfigFile()
        var ingest = IngestSettingsFile()
        ingest.token = "from-file"
        ingest.synchronous = "normal"
        ingest.corsOrigins = ["https://dash.example"]
        file.ingest = ingest
        var config = try AnalyticsConfig(environment: ["ANALYTICS_INGEST_TOKEN": "abc"])
        config.apply(file)
        let fromFile = try IngestConfiguration(config)
        #expect(fromFile.token == "from-file")
        #expect(fromFile.durability == .normal)
        #expect(fromFile.corsOrigins == ["https://dash.example"])
        #expect(try IngestConfiguration(AnalyticsConfig(environment: [:])).token == nil)
        #expect(try IngestConfiguration(AnalyticsConfig(environment: [:])).durability == .full)
    }

    @Test("an unknown ingest.synchronous value is refused by name")
    func badSynchronous() throws {
        var config = AnalyticsConfig()
        config.ingest.synchronous = "sometimes"
        let error = try #require(throws: ConfigError.self) { try IngestConfiguration(config) }
        #expect(error.source == "ingest.synchronous")
    }
}
