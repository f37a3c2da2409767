/// Settings of scheduled delivery (SPEC §11): SMTP, webhooks, alert thresholds. Resolved from
/// the environment (`SMTP_URL`, `SMTP_USERNAME`, `SMTP_PASSWORD`, `SMTP_FROM`, `SMTP_CA_FILE`,
/// `WEBHOOK_SECRET`) and the config file's `smtp:`, `webhooks:`, `alerts:` sections.
public struct DeliverySettings: Sendable, Hashable {
    public var smtp = SMTPSettings()
    public var webhooks = WebhookSettings()
    public var alerts = AlertSettings()
    /// Public URL of the published site, for links in emails and webhooks (`base_url`).
    public var baseURL: String?
    /// Directory of saved-report JSON files delivered beside those in the database.
    public var savedReportsDirectory: String?

    public init() {}
}

public struct SMTPSettings: Sendable, Hashable {
    /// `smtp://host:587` (STARTTLS), `smtps://host:465` (TLS from the start).
    public var url: String?
    public var username: String?
    public var password: String?
    /// The From address, e.g. `ESpice Analytics <reports@example.com>`.
    public var from: String?
    /// A PEM file of CA certificates to trust (a private CA or a self-signed server).
    public var caFile: String?
    /// For `smtp://`: `required` (default; refuse a server without STARTTLS), `opportunistic`,
    /// or `none` (plain text; loopback test servers only).
    public var starttls = "required"
    public var timeoutSeconds = 30
    /// Attachments larger than this (bytes, all together) are replaced by a link (`base_url`).
    public var attachmentLimitBytes = 10 * 1024 * 1024
    /// Delay before the second attempt; doubled for each further one (3 attempts per run).
    public var retryDelaySeconds = 2.0

    public init() {}
}

public struct WebhookSettings: Sendable, Hashable {
    public var urls: [String] = []
    /// HMAC-SHA256 key for `X-ESpice-Signature-256`.
    public var secret: String?
    public var timeoutSeconds = 5
    public var attempts = 3

    public init() {}
}

/// Threshold alerts evaluated on each build over `range` (default `1d`).
public struct AlertSettings: Sendable, Hashable, Codable {
    /// Percent; warn/critical when the success rate falls below.
    public var successRate: Threshold?
    /// Milliseconds; warn/critical when p95 processing time rises above.
    public var p95ProcessingTimeMs: Threshold?
    /// Percent of attempts that failed; warn/critical when it rises above.
    public var errorRate: Threshold?
    public var range: String?
    /// Also email state changes to these addresses.
    public var email: [String]?
    /// Per-service thresholds (same keys), keyed by service name.
    public var services: [String: ServiceThresholds]?

    public init() {}

    public var isEmpty: Bool { successRate == nil && p95ProcessingTimeMs == nil && errorRate == nil && (services ?? [:]).isEmpty }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case successRate = "success_rate"
        case p95ProcessingTimeMs = "p95_processing_time_ms"
        case errorRate = "error_rate"
        case range, email, services
    }

    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))

    public struct Threshold: Sendable, Hashable, Codable {
        public var warn: Double?
        public var critical: Double?

        public init(warn: Double? = nil, critical: Double? = nil) {
            self.warn = warn
            self.critical = critical
        }
    }

    public struct ServiceThresholds: Sendable, Hashable, Codable {
        public var successRate: Threshold?
        public var p95ProcessingTimeMs: Threshold?
        public var errorRate: Threshold?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case successRate = "success_rate"
            case p95ProcessingTimeMs = "p95_processing_time_ms"
            case errorRate = "error_rate"
        }
    }
}

/// The config file's `smtp:` section.
public struct SMTPSettingsFile: Sendable, Hashable, Codable {
    public var url: String?
    public var username: String?
    public var password: String?
    public var from: String?
    public var caFile: String?
    public var starttls: String?
    public var timeoutSeconds: Int?
    public var attachmentLimitMb: Double?
    public var retryDelaySeconds: Double?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, username, password, from, starttls
        case caFile = "ca_file"
        case timeoutSeconds = "timeout_seconds"
        case attachmentLimitMb = "attachment_limit_mb"
        case retryDelaySeconds = "retry_delay_seconds"
    }

    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}

/// The config file's `webhooks:` section.
public struct WebhookSettingsFile: Sendable, Hashable, Codable {
    public var urls: [String]?
    public var secret: String?
    public var timeoutSeconds: Int?
    public var attempts: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case urls, secret, attempts
        case timeoutSeconds = "timeout_seconds"
    }

    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}

extension DeliverySettings {
    /// The environment variables (SPEC §10 style: the file overrides them).
    mutating func apply(environment: [String: String]) {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        if let v = value("SMTP_URL") { smtp.url = v }
        if let v = value("SMTP_USERNAME") { smtp.username = v }
        if let v = value("SMTP_PASSWORD") { smtp.password = v }
        if let v = value("SMTP_FROM") { smtp.from = v }
        if let v = value("SMTP_CA_FILE") { smtp.caFile = v }
        if let v = value("WEBHOOK_SECRET") { webhooks.secret = v }
        if let v = value("BASE_URL") { baseURL = v }
    }

    mutating func apply(_ file: ConfigFile) {
        if let v = file.baseURL { baseURL = v }
        if let v = file.savedReportsDir { savedReportsDirectory = v }
        if let s = file.smtp {
            if let v = s.url { smtp.url = v }
            if let v = s.username { smtp.username = v }
            if let v = s.password { smtp.password = v }
            if let v = s.from { smtp.from = v }
            if let v = s.caFile { smtp.caFile = v }
            if let v = s.starttls { smtp.starttls = v }
            if let v = s.timeoutSeconds { smtp.timeoutSeconds = v }
            if let v = s.attachmentLimitMb { smtp.attachmentLimitBytes = Int(v * 1024 * 1024) }
            if let v = s.retryDelaySeconds { smtp.retryDelaySeconds = v }
        }
        if let w = file.webhooks {
            if let v = w.urls { webhooks.urls = v }
            if let v = w.secret { webhooks.secret = v }
            if let v = w.timeoutSeconds { webhooks.timeoutSeconds = v }
            if let v = w.attempts { webhooks.attempts = v }
        }
        if let a = file.alerts { alerts = a }
    }
}
