internal import CCurl
public import Foundation
public import Model
public import Store

/// The result of posting one event to one URL (after every attempt).
public struct WebhookResult: Sendable, Hashable, Codable {
    public var event: String
    public var url: String
    public var attempts: Int
    public var statusCode: Int?
    public var succeeded: Bool
    public var error: String?
}

/// POSTs signed JSON events to the configured webhook URLs through libcurl (SPEC §11): header
/// `X-ESpice-Signature-256: sha256=<hex HMAC-SHA256 of the body with the secret>`,
/// `X-ESpice-Event: <event>`, `Content-Type: application/json`; `timeout_seconds` per attempt
/// (default 5); up to `attempts` tries (default 3) with exponential backoff; a 2xx answer is
/// success, a 4xx other than 408/429 is not retried. Every attempt is recorded in
/// `webhook_attempts`. Never throws: failures come back as results.
public struct WebhookSender: Sendable {
    public let settings: WebhookSettings
    public let store: AnalyticsStore?
    /// Delay before the second attempt; doubled for each further one.
    public var retryDelaySeconds = 1.0
    /// Sleeps between attempts (seconds); tests may shorten it.
    public var sleep: @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init(settings: WebhookSettings, store: AnalyticsStore?) {
        self.settings = settings
        self.store = store
    }

    /// `sha256=` and the lowercase hex HMAC-SHA256 of `body` keyed with `secret`.
    public static func signature(body: Data, secret: String) -> String {
        "sha256=" + SHA256.hex(SHA256.hmac(key: Array(secret.utf8), message: Array(body)))
    }

    /// Posts `body` as `event` to every configured URL.
    public func post(event: String, body: Data, runID: Int64?) -> [WebhookResult] {
        settings.urls.map { post(event: event, body: body, to: $0, runID: runID) }
    }

    func post(event: String, body: Data, to url: String, runID: Int64?) -> WebhookResult {
        var result = WebhookResult(event: event, url: url, attempts: 0, statusCode: nil, succeeded: false, error: nil)
        for attempt in 0..<max(1, settings.attempts) {
            if attempt > 0 { sleep(retryDelaySeconds * pow(2, Double(attempt - 1))) }
            result.attempts = attempt + 1
            var retry = true
            do {
                let code = try attemptPost(event: event, body: body, to: url)
                result.statusCode = code
                result.succeeded = (200..<300).contains(code)
                result.error = result.succeeded ? nil : "HTTP \(code)"
                retry = !(400..<500).contains(code) || code == 408 || code == 429
            } catch {
                result.statusCode = nil
                result.error = error.message
                retry = error.transient
            }
            try? store?.recordWebhookAttempt(event: event, url: url, statusCode: result.statusCode, succeeded: result.succeeded,
                                             error: result.error, runID: runID)
            if result.succeeded || !retry { break }
        }
        return result
    }

    /// One POST; returns the HTTP status.
    func attemptPost(event: String, body: Data, to url: String) throws(DeliveryError) -> Int {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw DeliveryError(source: "webhook", message: "expected an http:// or https:// URL, got \"\(url)\"", transient: false)
        }
        let curl = try CurlHandle(source: "webhook \(url)")
        try curl.set(CURLOPT_URL, url)
        try curl.set(CURLOPT_POST, 1)
        try curl.set(CURLOPT_POSTFIELDSIZE, body.count)
        var headers = ["Content-Type: application/json", "X-ESpice-Event: \(event)", "User-Agent: espice-analytics", "Expect:"]
        if let secret = settings.secret, !secret.isEmpty {
            headers.append("X-ESpice-Signature-256: " + Self.signature(body: body, secret: secret))
        }
        try curl.set(CURLOPT_HTTPHEADER, list: headers)
        let timeout = max(1, settings.timeoutSeconds)
        try curl.set(CURLOPT_CONNECTTIMEOUT, timeout)
        try curl.set(CURLOPT_TIMEOUT, timeout)
        _ = try curl.perform(upload: body, what: "POST \(event)")
        return try curl.responseCode()
    }
}
