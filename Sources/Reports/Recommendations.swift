internal import Foundation
internal import Model

/// Plain sentences derived from the error analysis figures.
enum Recommendations {
    static func make(_ report: ErrorAnalysisReport, overallRate: Double?, previousErrors: Int64?) -> [String] {
        guard report.totalErrors > 0 else { return ["No errors in this period."] }
        var sentences: [String] = []
        // Which error type dominates which service.
        var byService: [UTF8Key?: [(String?, Int64)]] = [:]
        for pattern in report.errorPatterns {
            byService[pattern.service.map(UTF8Key.init), default: []].append((pattern.errorType, pattern.count))
        }
        let ranked = byService.map { service, types in (service?.text, types, types.reduce(0) { $0 + $1.1 }) }
            .sorted { Figures.byCount($0.2, [$0.0], $1.2, [$1.0]) }
        for (service, types, total) in ranked.prefix(3) where total >= 10 {
            guard let top = types.first, Double(top.1) / Double(total) > 0.5 else { continue }
            sentences.append(
                "\(top.0 ?? "Untyped errors") dominates \(service ?? "unattributed") errors: \(top.1) of \(total) "
                    + "(\(format(Double(top.1) / Double(total) * 100))%); fix it first.")
        }
        // Bands and other values that fail far more often than average.
        for cause in report.rootCauses.prefix(3) {
            let label = cause.dimension == "hour" ? "hour \(cause.value):00" : "\(cause.dimension.replacingOccurrences(of: "_", with: " ")) \(cause.value)"
            sentences.append(
                "\(label.prefix(1).uppercased() + label.dropFirst()) fails \(format(cause.lift)) times more often than average "
                    + "(\(format(cause.errorRate))% vs \(format(overallRate ?? 0))% over \(cause.attempts) attempts).")
        }
        // Trend against the previous period.
        if let previousErrors {
            if previousErrors == 0 {
                sentences.append("Errors appeared this period (\(report.totalErrors)) after none in the previous period.")
            } else {
                let change = (Double(report.totalErrors) - Double(previousErrors)) / Double(previousErrors) * 100
                if abs(change) >= 10 {
                    sentences.append(
                        "Errors \(change > 0 ? "rose" : "fell") \(format(abs(change)))% against the previous period "
                            + "(\(report.totalErrors) vs \(previousErrors)).")
                } else {
                    sentences.append("Errors are steady against the previous period (\(report.totalErrors) vs \(previousErrors)).")
                }
            }
        }
        return sentences
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", Figures.round2(value)) }
}
