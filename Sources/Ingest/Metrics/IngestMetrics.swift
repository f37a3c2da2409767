import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// The daemon's metrics, through swift-metrics into its own Prometheus registry (one per
/// application, so tests can run several daemons in one process; the global `MetricsSystem` is
/// left alone).
public final class IngestMetrics: Sendable {
    static let requestsLabel = "espice_ingest_http_requests_total"
    static let latencyLabel = "espice_ingest_request_duration_seconds"
    static let commitSizeLabel = "espice_ingest_commit_events"
    static let commitDurationLabel = "espice_ingest_commit_duration_seconds"

    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    /// Events committed.
    let eventsWritten: CoreMetrics.Counter
    /// Events per committed transaction (how well group commit coalesces).
    let commitSize: CoreMetrics.Recorder
    /// Time of one transaction, fsync included.
    let commitDuration: CoreMetrics.Timer
    /// Events queued and not yet committed.
    let queueDepth: CoreMetrics.Gauge
    /// Transactions that failed (disk full, read-only, I/O).
    let commitFailures: CoreMetrics.Counter
    /// Requests refused because the queue was full.
    let rejectedSaturated: CoreMetrics.Counter

    private struct RequestKey: Hashable {
        var route: String
        var status: Int
    }
    private let requestCounters = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let latencyTimers = Mutex<[String: CoreMetrics.Timer]>([:])

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let latencyBuckets: [Duration] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(5),
        ]
        factory.durationHistogramBuckets[Self.latencyLabel] = latencyBuckets
        factory.durationHistogramBuckets[Self.commitDurationLabel] = latencyBuckets
        factory.valueHistogramBuckets[Self.commitSizeLabel] = [
            1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384,
        ]
        self.factory = factory
        eventsWritten = CoreMetrics.Counter(label: "espice_ingest_events_written_total", factory: factory)
        commitSize = CoreMetrics.Recorder(label: Self.commitSizeLabel, aggregate: true, factory: factory)
        commitDuration = CoreMetrics.Timer(label: Self.commitDurationLabel, factory: factory)
        queueDepth = CoreMetrics.Gauge(label: "espice_ingest_queue_depth_events", factory: factory)
        commitFailures = CoreMetrics.Counter(label: "espice_ingest_commit_failures_total", factory: factory)
        rejectedSaturated = CoreMetrics.Counter(label: "espice_ingest_rejected_saturated_total", factory: factory)
        queueDepth.record(0)
    }

    /// Counts one answered request.
    func countRequest(route: String, status: Int) {
        let key = RequestKey(route: route, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(
                label: Self.requestsLabel, dimensions: [("route", route), ("status", String(status))], factory: factory)
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    /// Records how long a tracking request took, from its arrival to its answer.
    func recordLatency(route: String, nanoseconds: Int64) {
        let timer = latencyTimers.withLock { timers in
            if let timer = timers[route] { return timer }
            let timer = CoreMetrics.Timer(label: Self.latencyLabel, dimensions: [("route", route)], factory: factory)
            timers[route] = timer
            return timer
        }
        timer.recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition of every metric.
    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        registry.emit(into: &buffer)
        return buffer
    }
}
