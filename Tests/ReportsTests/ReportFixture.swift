import Foundation
import Logging
import Model
import Reports
import Store
import Testing

/// A temporary database filled with hand-written events, and helpers to compute reports on it.
/// With ``Backend/postgres`` the events go to PostgreSQL and `store` is the builder's SQLite
/// cache, synced before every report.
struct ReportFixture {
    let directory: URL
    let store: AnalyticsStore
    var engine: ReportEngine
    let postgres: PostgresReportSource?
    /// Removes ``directory`` when the last copy of the fixture goes away.
    private let cleanup: DirectoryCleanup

    init(zone: String = "UTC", backend: Backend = .sqlite) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
        cleanup = DirectoryCleanup(directory)
        store = try AnalyticsStore(path: directory.appendingPathComponent("a.db").path, logger: Logger(label: "test"))
        engine = ReportEngine(store: store, roles: .defaults, calendar: try ZoneCalendar(identifier: zone))
        postgres = backend == .postgres ? try PostgresReportSource() : nil
    }

    func add(_ events: [TrackedEvent]) throws {
        if let postgres {
            try postgres.insert(events)
        } else {
            try store.insert(events)
        }
    }

    /// Brings the SQLite file reports read up to date (PostgreSQL: syncs the cache).
    func sync() throws {
        try postgres?.sync(into: store)
    }

    /// Refreshes the rollups and returns the report's `data` as a JSON object.
    func data(_ type: ReportType, _ range: TimeRange, asOf: String, filters: ReportFilters = ReportFilters()) throws -> [String: Any] {
        try sync()
        _ = try engine.refresh()
        let document = try engine.generate(
            ReportRequest(type: type, range: range, asOf: try #require(Timestamp.parse(asOf)), filters: filters), generatedAt: 0)
        let object = try JSONSerialization.jsonObject(with: try document.json()) as? [String: Any]
        return try #require(object?["data"] as? [String: Any])
    }

    func json(_ type: ReportType, _ range: TimeRange, asOf: Int64) throws -> String {
        let document = try engine.generate(ReportRequest(type: type, range: range, asOf: asOf), generatedAt: 0)
        return String(decoding: try document.json(), as: UTF8.self)
    }

    static func time(_ text: String) -> Int64 { Timestamp.parse(text)! }

    static func processed(_ at: String, service: String?, ms: Double?, device: String? = nil, size: Double? = nil, user: String? = nil) -> TrackedEvent {
        TrackedEvent(
            eventType: "document_processed", serviceName: service, userId: user, timestamp: time(at),
            fields: EventFields(deviceType: device, processingTimeMs: ms, fileSizeMb: size))
    }

    static func failed(_ at: String, service: String?, type: String? = nil, message: String? = nil, device: String? = nil) -> TrackedEvent {
        TrackedEvent(
            eventType: "processing_error", serviceName: service, timestamp: time(at),
            fields: EventFields(deviceType: device, errorType: type, errorMessage: message))
    }

    static func other(_ type: String, _ at: String, service: String? = nil, user: String? = nil) -> TrackedEvent {
        TrackedEvent(eventType: type, serviceName: service, userId: user, timestamp: time(at))
    }
}

/// `value` is within `percent` % of `expected`.
func close(_ value: Any?, _ expected: Double, percent: Double = 1) -> Bool {
    guard let number = value as? Double else { return false }
    return abs(number - expected) <= abs(expected) * percent / 100
}

/// Removes a test's temporary directory when the last fixture holding it goes away (its
/// SQLite files may still be open then: on Linux an open file outlives its name).
final class DirectoryCleanup: Sendable {
    let url: URL

    init(_ url: URL) { self.url = url }

    deinit { try? FileManager.default.removeItem(at: url) }
}
