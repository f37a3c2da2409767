internal import CCurl
internal import Crypto
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

    /// `sha256=` and the lowercase hex HMAC-SHA256 of `body` keyed with `secret` (swift-crypto).
    public static func signature(body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` (an `X-ESpice-Signature-256` value) is the signature of `body` with
    /// `secret`: what a receiver checks. The code is compared in constant time (swift-crypto's
    /// `isValidAuthenticationCode`); a header that is not `sha256=` and 64 hex digits is refused.
    public static func verify(signature header: String, body: Data, secret: String) -> Bool {
        let bytes = Array(header.utf8)
        let prefix = Array("sha256=".utf8)
        guard bytes.count == prefix.count + 64, bytes.starts(with: prefix) else { return false }
        var code = [UInt8]()
        code.reserveCapacity(32)
        var index = prefix.count
        while index < bytes.count {
            guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else { return false }
            code.append(high << 4 | low)
            index += 2
        }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
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
