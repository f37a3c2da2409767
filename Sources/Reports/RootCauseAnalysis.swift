internal import Model
internal import Store

/// Attempts (processed + errors) and errors per value of each dimension, the error rate by
/// service, and the values whose rate stands out (lift ≥ 1.5 with ≥ 20 attempts).
struct RootCauseAnalysis {
    var serviceRates: [ServiceErrorRate] = []
    var rootCauses: [RootCause] = []
    /// Errors / attempts × 100 over the whole window (unrounded); nil without attempts.
    var overallRate: Double?

    init(_ aggregates: Aggregates, context: ReportContext) {
        struct Tally { var processed: Int64 = 0; var errors: Int64 = 0 }
        // Values by their bytes (``UTF8Key``), as SQL groups them.
        var tallies: [String: [UTF8Key: Tally]] = [:]
        var services: [UTF8Key?: Tally] = [:]
        var total = Tally()
        for (key, count) in aggregates.dimensions {
            let isError = key.role == .error
            if key.dimension == .service {
                let service = key.value.map(UTF8Key.init)
                if isError { services[service, default: Tally()].errors += count } else { services[service, default: Tally()].processed += count }
                if isError { total.errors += count } else { total.processed += count }
            }
            guard let value = key.value.map(UTF8Key.init) else { continue }
            if isError {
                tallies[key.dimension.name, default: [:]][value, default: Tally()].errors += count
            } else {
                tallies[key.dimension.name, default: [:]][value, default: Tally()].processed += count
            }
        }
        for (slot, count) in aggregates.hours where count.processed > 0 || count.errors > 0 {
            let hour = UTF8Key(String(context.hourAndWeekday(slot).hour))
            tallies["hour", default: [:]][hour, default: Tally()].errors += count.errors
            tallies["hour", default: [:]][hour, default: Tally()].processed += count.processed
        }
        serviceRates = services.map { service, tally in
            ServiceErrorRate(
                serviceName: service?.text, errors: tally.errors, processed: tally.processed,
                errorRate: Figures.percent(tally.errors, of: tally.processed + tally.errors))
        }.sorted { Figures.byCount($0.errors, [$0.serviceName], $1.errors, [$1.serviceName]) }

        let attempts = total.processed + total.errors
        guard attempts > 0, total.errors > 0 else { return }
        let overall = Double(total.errors) / Double(attempts) * 100
        overallRate = overall
        for dimension in ["service", "device_type", "file_size_band", "hour"] {
            for (value, tally) in tallies[dimension] ?? [:] {
                let tries = tally.processed + tally.errors
                guard tries >= ErrorAnalysisReport.minimumAttempts else { continue }
                let rate = Double(tally.errors) / Double(tries) * 100
                let lift = rate / overall
                guard lift >= ErrorAnalysisReport.minimumLift else { continue }
                rootCauses.append(
                    RootCause(
                        dimension: dimension, value: value.text, attempts: tries, errors: tally.errors,
                        errorRate: Figures.round2(rate), lift: Figures.round2(lift)))
            }
        }
        rootCauses.sort {
            if $0.lift != $1.lift { return $0.lift > $1.lift }
            if $0.dimension != $1.dimension { return Figures.precedes($0.dimension, $1.dimension) }
            return Figures.precedes($0.value, $1.value)
        }
    }
}
