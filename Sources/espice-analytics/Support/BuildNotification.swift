import Delivery
import Foundation
import Logging
import Model
import Reports
import Site
import Store

/// After `build` has published: alert thresholds and webhooks (docs/deployment.md). A failure
/// never undoes the build: it is printed on stderr, added to the build's history entry, and
/// `build` exits 2 ("published, but something failed").
enum BuildNotification {
    /// Returns false when a webhook, an alert email or the alert evaluation failed.
    static func run(config: AnalyticsConfig, summary: BuildSummary, asOf: Int64, ranges: [String], verbose: Bool, logger: Logger) -> Bool {
        let delivery = config.delivery
        guard !delivery.webhooks.urls.isEmpty || !delivery.alerts.isEmpty else { return true }
        let result: NotificationSummary
        do {
            let store = try AnalyticsStore(path: config.databasePath, logger: logger)
            let runID = try store.recentRuns(kind: "build", limit: 1).first?.id
            var mail: (any MailTransport)?
            if delivery.alerts.email?.isEmpty == false, delivery.smtp.url != nil {
                mail = try SMTPTransport(settings: delivery.smtp)
            }
            let facts = BuildFacts(
                id: runID, startedAt: summary.startedAt, asOf: asOf, status: summary.status, durationSeconds: summary.durationSeconds,
                eventsFolded: summary.eventsFolded, ranges: ranges)
            result = BuildNotifier(store: store, config: config, mail: mail).notify(facts)
        } catch {
            printError("notifications failed: \(error)")
            return false
        }
        if verbose {
            for change in result.transitions { print("\(change.event): \(change.previousLevel.rawValue) → \(change.level.rawValue): \(change.message)") }
            let delivered = result.webhooks.filter(\.succeeded).count
            if !result.webhooks.isEmpty { print("webhooks: \(delivered) of \(result.webhooks.count) delivered") }
        }
        for failure in result.failures { printError("notification failed: \(failure)") }
        return result.failures.isEmpty
    }
}
