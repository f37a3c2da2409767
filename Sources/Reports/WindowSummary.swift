internal import Model
internal import Store

/// The totals of one window that several reports (and the previous period and baseline) share.
struct WindowSummary {
    var processed: Int64 = 0
    var errors: Int64 = 0
    var timing = TimingAggregate()
    /// By service name's bytes (``UTF8Key``), as SQL groups them.
    var timingByService: [UTF8Key?: TimingAggregate] = [:]

    init(_ aggregates: Aggregates, roles: EventRoles) {
        for (key, count) in aggregates.types {
            switch roles.role(of: key.eventType) {
            case .processed: processed += count.events
            case .error: errors += count.events
            default: break
            }
        }
        for (key, value) in aggregates.timings {
            timing.merge(value)
            timingByService[key.serviceName.map(UTF8Key.init), default: TimingAggregate()].merge(value)
        }
    }

    var successRate: Double? { Figures.percent(processed, of: processed + errors) }

    /// Mean processing time, 2 decimals; nil without data.
    var meanTime: Double? { Self.mean(timing) }

    var p95: Double? { Self.quantile(timing, 0.95) }

    static func mean(_ timing: TimingAggregate) -> Double? {
        timing.count == 0 ? nil : Figures.round2(Double(timing.sumMicros) / 1_000_000 / Double(timing.count))
    }

    static func quantile(_ timing: TimingAggregate, _ q: Double) -> Double? {
        guard timing.count > 0 else { return nil }
        return timing.sketch.quantile(q, min: timing.min, max: timing.max).map(Figures.round2)
    }
}
