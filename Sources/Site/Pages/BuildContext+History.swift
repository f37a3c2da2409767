internal import Foundation
internal import Model
internal import Store

extension BuildContext {
    /// The history page with the delivery ledger, the webhook POSTs of recent builds and the
    /// catch-up notes of recent delivery runs.
    func withDeliveryResults(_ page: HistoryPageView) -> HistoryPageView {
        var page = page
        let instant = { (ms: Int64) in DisplayFormat.instant(Timestamp.iso8601(ms)) }
        page.deliveries = ((try? store.deliveries(limit: 200)) ?? []).map { record in
            DeliveryRowView(
                report: record.report, period: "\(instant(record.periodStart)) – \(instant(record.periodEnd))", recipient: record.recipient,
                status: record.status + (record.channel.map { " (\($0))" } ?? ""), failed: record.status != "sent",
                attempts: DisplayFormat.integer(Int64(record.attempts)), updated: instant(record.updatedAt),
                error: record.status == "sent" ? "" : record.lastError ?? "")
        }
        page.hasDeliveries = !page.deliveries.isEmpty
        page.webhooks = ((try? store.webhookAttempts(limit: 100)) ?? []).map { attempt in
            WebhookRowView(
                event: attempt.event, url: Self.siteOf(attempt.url), attempted: instant(attempt.attemptedAt),
                status: attempt.succeeded ? "delivered" : "failed", failed: !attempt.succeeded,
                error: [attempt.statusCode.map { "HTTP \($0)" }, attempt.error].compactMap { $0 }.joined(separator: ": "))
        }
        page.hasWebhooks = !page.webhooks.isEmpty
        page.catchUps = ((try? store.recentRuns(kind: "delivery", limit: 50)) ?? []).flatMap { run in
            run.outputs.filter { $0.contains("missed period") }.map { "\(instant(run.startedAt)): \($0)" }
        }
        page.hasCatchUps = !page.catchUps.isEmpty
        return page
    }

    /// `https://hooks.example.com/…`: the page is public, and webhook URLs often carry a token.
    static func siteOf(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "…" }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let authority = host.split(separator: "@").last.map(String.init) ?? ""
        return String(url[..<scheme.upperBound]) + authority + (host.count < rest.count ? "/…" : "")
    }
}
