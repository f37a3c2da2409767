public import Model
internal import GRDB
internal import Foundation

/// One row of the delivery ledger: a saved report's period for one recipient (SPEC §11).
public struct DeliveryRecord: Sendable, Hashable, Codable {
    public var report: String
    public var periodStart: Int64
    public var periodEnd: Int64
    public var recipient: String
    /// `sent` or `failed`.
    public var status: String
    public var attempts: Int
    public var lastError: String?
    public var messageID: String?
    /// `smtp` or `outbox`.
    public var channel: String?
    public var updatedAt: Int64
    public var sentAt: Int64?
}

/// One recorded attempt (email or webhook) for the history page.
public struct DeliveryAttempt: Sendable, Hashable, Codable {
    public var report: String
    public var periodEnd: Int64
    public var recipient: String
    public var attemptedAt: Int64
    public var succeeded: Bool
    public var error: String?
    public var channel: String
}

/// A webhook POST as recorded.
public struct WebhookAttempt: Sendable, Hashable, Codable {
    public var event: String
    public var url: String
    public var attemptedAt: Int64
    public var statusCode: Int?
    public var succeeded: Bool
    public var error: String?
}

/// The last known state of one alert (metric, scope).
public struct AlertStateRecord: Sendable, Hashable, Codable {
    public var metric: String
    /// `all` or a service name.
    public var scope: String
    /// `ok`, `warn` or `critical`.
    public var level: String
    public var value: Double?
    public var changedAt: Int64

    public init(metric: String, scope: String, level: String, value: Double?, changedAt: Int64) {
        self.metric = metric
        self.scope = scope
        self.level = level
        self.value = value
        self.changedAt = changedAt
    }
}

extension AnalyticsStore {
    /// The ledger row of (report, period, recipient), if any attempt was made.
    public func delivery(report: String, periodEnd: Int64, recipient: String) throws(StoreError) -> DeliveryRecord? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM deliveries WHERE report_name = ? AND period_end = ? AND recipient = ?",
                arguments: [report, periodEnd, recipient]
            ).map(Self.deliveryRecord)
        }
    }

    /// Every ledger row, newest first.
    public func deliveries(report: String? = nil, limit: Int = 200) throws(StoreError) -> [DeliveryRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM deliveries WHERE (? IS NULL OR report_name = ?) ORDER BY updated_at DESC, id DESC LIMIT ?",
                arguments: [report, report, limit]
            ).map(Self.deliveryRecord)
        }
    }

    /// Records one attempt and updates the ledger row (created on the first attempt). A row that
    /// is `sent` stays sent; `resend` counts a deliberate second sending.
    public func recordDeliveryAttempt(
        report: String, periodStart: Int64, periodEnd: Int64, recipient: String, succeeded: Bool, error: String?,
        channel: String, messageID: String?, runID: Int64?, at time: Int64 = Clock.nowMilliseconds()
    ) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO deliveries (report_name, period_start, period_end, recipient, status, attempts, last_error,
                        message_id, channel, created_at, updated_at, sent_at)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(report_name, period_end, recipient) DO UPDATE SET
                        status = CASE WHEN excluded.status = 'sent' THEN 'sent' ELSE deliveries.status END,
                        attempts = deliveries.attempts + 1,
                        last_error = excluded.last_error,
                        message_id = COALESCE(excluded.message_id, deliveries.message_id),
                        channel = excluded.channel,
                        updated_at = excluded.updated_at,
                        sent_at = COALESCE(excluded.sent_at, deliveries.sent_at)
                    """,
                arguments: [report, periodStart, periodEnd, recipient, succeeded ? "sent" : "failed", error,
                            succeeded ? messageID : nil, channel, time, time, succeeded ? time : nil])
            try db.execute(
                sql: """
                    INSERT INTO delivery_attempts (report_name, period_end, recipient, run_id, attempted_at, succeeded, error, channel)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [report, periodEnd, recipient, runID, time, succeeded, error, channel])
        }
    }

    /// Every attempt of a report (all when nil), newest first.
    public func deliveryAttempts(report: String? = nil, limit: Int = 500) throws(StoreError) -> [DeliveryAttempt] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM delivery_attempts WHERE (? IS NULL OR report_name = ?) ORDER BY attempted_at DESC, id DESC LIMIT ?",
                arguments: [report, report, limit]
            ).map {
                DeliveryAttempt(report: $0["report_name"], periodEnd: $0["period_end"], recipient: $0["recipient"],
                                attemptedAt: $0["attempted_at"], succeeded: $0["succeeded"], error: $0["error"], channel: $0["channel"])
            }
        }
    }

    /// The end of the newest period of `report` that reached every recipient it was tried for.
    public func lastSentPeriodEnd(report: String) throws(StoreError) -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT max(period_end) FROM deliveries WHERE report_name = ? AND status = 'sent'", arguments: [report])
        }
    }

    /// The newest stored event time, for "has ingest caught up to the period end".
    public func latestEventTime() throws(StoreError) -> Int64? {
        try read { db in try EventTimeIndex.extreme(first: false, db) }
    }

    public func recordWebhookAttempt(
        event: String, url: String, statusCode: Int?, succeeded: Bool, error: String?, runID: Int64?,
        at time: Int64 = Clock.nowMilliseconds()
    ) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "INSERT INTO webhook_attempts (event, url, run_id, attempted_at, status_code, succeeded, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [event, url, runID, time, statusCode, succeeded, error])
        }
    }

    public func webhookAttempts(limit: Int = 200) throws(StoreError) -> [WebhookAttempt] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook_attempts ORDER BY attempted_at DESC, id DESC LIMIT ?", arguments: [limit]).map {
                WebhookAttempt(event: $0["event"], url: $0["url"], attemptedAt: $0["attempted_at"], statusCode: $0["status_code"],
                               succeeded: $0["succeeded"], error: $0["error"])
            }
        }
    }

    public func alertStates() throws(StoreError) -> [AlertStateRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert_state ORDER BY metric, scope").map {
                AlertStateRecord(metric: $0["metric"], scope: $0["scope"], level: $0["level"], value: $0["value"], changedAt: $0["changed_at"])
            }
        }
    }

    public func setAlertState(_ state: AlertStateRecord) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO alert_state (metric, scope, level, value, changed_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(metric, scope) DO UPDATE SET level = excluded.level, value = excluded.value, changed_at = excluded.changed_at
                    """, arguments: [state.metric, state.scope, state.level, state.value, state.changedAt])
        }
    }

    private static func deliveryRecord(_ row: Row) -> DeliveryRecord {
        DeliveryRecord(
            report: row["report_name"], periodStart: row["period_start"], periodEnd: row["period_end"], recipient: row["recipient"],
            status: row["status"], attempts: row["attempts"], lastError: row["last_error"], messageID: row["message_id"],
            channel: row["channel"], updatedAt: row["updated_at"], sentAt: row["sent_at"])
    }
}
