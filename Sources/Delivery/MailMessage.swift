public import Foundation

/// An email as built for one recipient: headers, a plain-text and an HTML body, attachments.
/// ``render()`` gives RFC 5322 bytes (CRLF line ends, 7-bit clean: base64 bodies, RFC 2047
/// encoded words for non-ASCII header text, RFC 2231 parameters for non-ASCII filenames).
public struct MailMessage: Sendable {
    public var from: String
    public var to: String
    public var subject: String
    public var date: Date
    public var messageID: String
    public var text: String
    public var html: String
    public var attachments: [Attachment]
    public var extraHeaders: [(String, String)] = []

    public struct Attachment: Sendable, Hashable {
        public var filename: String
        public var contentType: String
        public var data: Data

        public init(filename: String, contentType: String, data: Data) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public init(from: String, to: String, subject: String, date: Date, messageID: String, text: String, html: String,
                attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
        self.attachments = attachments
    }

    /// `<time.random@domain>` with the sender's domain.
    public static func makeMessageID(from address: String, at date: Date) -> String {
        let domain = MIME.address(in: address).split(separator: "@").last.map(String.init) ?? "espice.invalid"
        var random = SystemRandomNumberGenerator()
        let token = String(random.next(), radix: 36) + String(random.next(), radix: 36)
        return "<\(Int64(date.timeIntervalSince1970 * 1000)).\(token)@\(domain)>"
    }

    public func render() -> Data {
        var random = SystemRandomNumberGenerator()
        let mixed = "=_mixed_" + String(random.next(), radix: 36)
        let alternative = "=_alt_" + String(random.next(), radix: 36)
        var out = ""
        func header(_ name: String, _ value: String) { out += name + ": " + value + "\r\n" }
        header("From", MIME.encodeAddress(from))
        header("To", MIME.encodeAddress(to))
        header("Subject", MIME.encodeHeader(subject))
        header("Date", MIME.rfc5322Date(date))
        header("Message-ID", messageID)
        header("MIME-Version", "1.0")
        for (name, value) in extraHeaders { header(name, MIME.encodeHeader(value)) }
        let alternativePart = { (boundaryOwner: inout String) in
            boundaryOwner += "--\(alternative)\r\n"
            boundaryOwner += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            boundaryOwner += MIME.base64Lines(Data(text.utf8))
            boundaryOwner += "--\(alternative)\r\n"
            boundaryOwner += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            boundaryOwner += MIME.base64Lines(Data(html.utf8))
            boundaryOwner += "--\(alternative)--\r\n"
        }
        if attachments.isEmpty {
            header("Content-Type", "multipart/alternative; boundary=\"\(alternative)\"")
            out += "\r\n"
            alternativePart(&out)
        } else {
            header("Content-Type", "multipart/mixed; boundary=\"\(mixed)\"")
            out += "\r\nThis is a multi-part message in MIME format.\r\n"
            out += "--\(mixed)\r\n"
            out += "Content-Type: multipart/alternative; boundary=\"\(alternative)\"\r\n\r\n"
            alternativePart(&out)
            for attachment in attachments {
                out += "--\(mixed)\r\n"
                out += "Content-Type: \(attachment.contentType); \(MIME.filenameParameter("name", attachment.filename))\r\n"
                out += "Content-Disposition: attachment; \(MIME.filenameParameter("filename", attachment.filename))\r\n"
                out += "Content-Transfer-Encoding: base64\r\n\r\n"
                out += MIME.base64Lines(attachment.data)
            }
            out += "--\(mixed)--\r\n"
        }
        return Data(out.utf8)
    }
}

/// Header and body encodings.
public enum MIME {
    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f }
    }

    /// RFC 2047 `=?utf-8?B?…?=` words (each at most 75 characters), or the text as is when it is
    /// printable ASCII. CR and LF never reach a header.
    public static func encodeHeader(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if isPlainASCII(clean) && clean.count <= 900 { return clean }
        // Split on character boundaries so no UTF-8 sequence is cut: ≤ 45 bytes → 60 base64 chars.
        var words: [String] = []
        var chunk = Data()
        for character in clean {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?" + chunk.base64EncodedString() + "?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?" + chunk.base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// `Name <addr>` with the display name encoded when needed.
    static func encodeAddress(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), text.hasSuffix(">") else { return address(in: text) }
        let name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let addr = address(in: text)
        if name.isEmpty { return "<\(addr)>" }
        if isPlainASCII(name) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(addr)>"
        }
        return encodeHeader(name) + " <\(addr)>"
    }

    /// The bare address of `Name <addr>` or `addr`.
    public static func address(in text: String) -> String {
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            return String(text[text.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `filename="x.pdf"`, or RFC 2231 `filename*=utf-8''…` for a non-ASCII name.
    static func filenameParameter(_ name: String, _ value: String) -> String {
        if isPlainASCII(value) && !value.contains("\"") && !value.contains("\\") { return "\(name)=\"\(value)\"" }
        var encoded = ""
        for byte in value.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || "-_.!~".unicodeScalars.contains(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        return "\(name)*=utf-8''\(encoded)"
    }

    /// Base64 in lines of 76 characters, each ending in CRLF.
    static func base64Lines(_ data: Data) -> String {
        let encoded = data.base64EncodedString()
        var out = ""
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let next = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            out += encoded[index..<next] + "\r\n"
            index = next
        }
        return out
    }

    /// `Sat, 28 Nov 2026 06:00:00 +0000`.
    public static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
