import Hummingbird
import Model
import Store
import Synchronization

/// `GET /health` and `GET /metrics`.
final class StatusHandlers: Sendable {
    let store: AnalyticsStore
    /// The database as messages show it (the SQLite path, or the PostgreSQL URL without password).
    let database: String
    let writer: EventWriter
    let metrics: IngestMetrics
    let version: String
    /// The writer connection's `PRAGMA synchronous`, as SQLite reported it at start.
    let synchronous: String
    let started: ContinuousClock.Instant
    /// `count(*)` over the events table (it reads a whole index): reused while nothing was written
    /// since, and for at most a second under load.
    private let countCache = Mutex<CachedCount?>(nil)

    struct CachedCount {
        var count: Int
        var written: Int
        var at: ContinuousClock.Instant
    }

    init(store: AnalyticsStore, database: String, writer: EventWriter, metrics: IngestMetrics, version: String, synchronous: String) {
        self.synchronous = synchronous
        self.store = store
        self.database = database
        self.writer = writer
        self.metrics = metrics
        self.version = version
        self.started = .now
    }

    func health(_ request: Request, context: IngestRequestContext) async -> Response {
        let snapshot = await writer.healthSnapshot()
        var readFailure: String?
        var stored: Int?
        do {
            stored = try cachedCount(written: snapshot.eventsWritten)
        } catch {
            readFailure = "\(error)"
        }
        let problem = snapshot.failure ?? readFailure
        let healthy = problem == nil
        var json = "{\"status\":\"\(healthy ? "healthy" : "degraded")\",\"service\":\"data-analytics\""
        json += ",\"timestamp\":" + JSONObjectWriter.quote(Timestamp.iso8601(Clock.nowMilliseconds()))
        json += ",\"version\":" + JSONObjectWriter.quote(version)
        json += ",\"database\":{\"path\":" + JSONObjectWriter.quote(database)
        json += ",\"state\":\"\(healthy ? "writable" : "failing")\""
        json += ",\"synchronous\":" + JSONObjectWriter.quote(synchronous)
        if let problem { json += ",\"error\":" + JSONObjectWriter.quote(problem) }
        json += "}"
        json += ",\"events_stored\":" + (stored.map { String($0) } ?? "null")
        json += ",\"events_written_since_start\":\(snapshot.eventsWritten)"
        json += ",\"queue_depth\":\(snapshot.queueDepth)"
        let uptime = ContinuousClock.now - started
        json += ",\"uptime_seconds\":" + JSONObjectWriter.number((Double(uptime.nanoseconds) / 1e6).rounded() / 1e3)
        json += "}"
        return JSONResponse.make(healthy ? .ok : .serviceUnavailable, json)
    }

    func metrics(_ request: Request, context: IngestRequestContext) async -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(metrics.render())
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: buffer))
    }

    private func cachedCount(written: Int) throws(StoreError) -> Int {
        let now = ContinuousClock.now
        if let cached = countCache.withLock({ $0 }) {
            if cached.written == written && now - cached.at < .seconds(5) { return cached.count }
            if now - cached.at < .seconds(1) { return cached.count + written - cached.written }
        }
        let count = try store.eventCount()
        countCache.withLock { $0 = CachedCount(count: count, written: written, at: now) }
        return count
    }
}
