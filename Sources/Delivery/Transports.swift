internal import CCurl
public import Foundation
public import Model

/// Where messages go: an SMTP server, or `.eml` files in an outbox directory.
public protocol MailTransport: Sendable {
    /// `smtp` or `outbox`, as recorded in the ledger.
    var channel: String { get }
    func send(_ message: MailMessage) throws(DeliveryError)
}

/// Sends through libcurl's SMTP client: `smtp://` with STARTTLS (required by default,
/// opportunistic, or none for a loopback test server) or `smtps://`, optional AUTH and CA file.
public struct SMTPTransport: MailTransport {
    public let settings: SMTPSettings
    public var channel: String { "smtp" }

    public init(settings: SMTPSettings) throws(DeliveryError) {
        guard let url = settings.url, url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
            throw DeliveryError(source: "smtp.url", message: "expected smtp://host[:port] or smtps://host[:port], got \"\(settings.url ?? "")\" (set SMTP_URL or smtp.url)", transient: false)
        }
        guard ["required", "opportunistic", "none"].contains(settings.starttls) else {
            throw DeliveryError(source: "smtp.starttls", message: "required, opportunistic or none, got \"\(settings.starttls)\"", transient: false)
        }
        guard settings.from.map({ EmailAddress.isValid(MIME.address(in: $0)) }) == true else {
            throw DeliveryError(source: "smtp.from", message: "a sender address is needed (set SMTP_FROM or smtp.from), got \"\(settings.from ?? "")\"", transient: false)
        }
        self.settings = settings
    }

    public func send(_ message: MailMessage) throws(DeliveryError) {
        let curl = try CurlHandle(source: "smtp")
        let url = settings.url!
        try curl.set(CURLOPT_URL, url)
        if url.hasPrefix("smtp://") {
            let level = switch settings.starttls { case "required": 3; case "opportunistic": 1; default: 0 }  // CURLUSESSL_ALL, _TRY, _NONE
            try curl.set(CURLOPT_USE_SSL, level)
        }
        if let ca = settings.caFile { try curl.set(CURLOPT_CAINFO, ca) }
        if let user = settings.username { try curl.set(CURLOPT_USERNAME, user) }
        if let password = settings.password { try curl.set(CURLOPT_PASSWORD, password) }
        try curl.set(CURLOPT_MAIL_FROM, "<\(MIME.address(in: message.from))>")
        try curl.set(CURLOPT_MAIL_RCPT, list: ["<\(MIME.address(in: message.to))>"])
        try curl.set(CURLOPT_UPLOAD, 1)
        let body = message.render()
        try curl.set(CURLOPT_INFILESIZE, body.count)
        try curl.set(CURLOPT_CONNECTTIMEOUT, max(1, min(settings.timeoutSeconds, 30)))
        try curl.set(CURLOPT_TIMEOUT, max(1, settings.timeoutSeconds))
        _ = try curl.perform(upload: body, what: "sending to \(MIME.address(in: message.to)) via \(Self.redacted(url))")
    }

    static func redacted(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
        return String(url[..<scheme.upperBound]) + "…" + String(url[at...])
    }
}

/// Writes each message as `<report>-<period>-<recipient>.eml` into a directory.
public struct OutboxTransport: MailTransport {
    public let directory: String
    public var channel: String { "outbox" }

    public init(directory: String) throws(DeliveryError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DeliveryError(source: "--outbox \(directory)", message: "cannot create: \(error.localizedDescription)", transient: false)
        }
        self.directory = directory
    }

    public func send(_ message: MailMessage) throws(DeliveryError) {
        let stem = message.extraHeaders.first(where: { $0.0 == "X-ESpice-Report" })?.1 ?? "message"
        let name = Slug.make(stem) + "-" + Slug.make(MIME.address(in: message.to)) + ".eml"
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            try message.render().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DeliveryError(source: "outbox", message: "cannot write \(path): \(error.localizedDescription)", transient: false)
        }
    }
}
