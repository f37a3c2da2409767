import Delivery
import Foundation
import Testing

/// Webhook signatures (swift-crypto's HMAC-SHA256) checked by an independent implementation,
/// OpenSSL's command line, and the receiving side's check, `WebhookSender.verify`.
@Suite("webhook signatures against openssl")
struct WebhookSignatureTests {
    let temp = TemporaryDirectory()

    /// OpenSSL's HMAC-SHA256 of `body` with `secret`'s UTF-8 bytes as the key, in lowercase hex.
    func openssl(body: Data, secret: String) throws -> String {
        let file = temp.path("body-\(UUID().uuidString)")
        try body.write(to: URL(fileURLWithPath: file))
        let hexKey = Data(secret.utf8).map { String(format: "%02x", $0) }.joined()
        let (status, out, err) = try runProcess(
            which("openssl") ?? "/usr/bin/openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + hexKey, "-r", file])
        try #require(status == 0, "openssl: \(err)")
        return String(out.split(separator: " ").first ?? "")
    }

    @Test("signatures of bodies and secrets of every kind are what openssl computes", arguments: [
        ("{}", "s3cr3t"),
        (#"{"event":"build.completed","note":"Grüße, 山田"}"#, "s3cr3t-ключ"),
        ("", "k"),
        (String(repeating: "x", count: 100_000), String(repeating: "long secret ", count: 20)),  // key past one block
        ("line\r\nbreak\u{0}nul", "a"),
    ])
    func matchesOpenSSL(body: String, secret: String) throws {
        let data = Data(body.utf8)
        let expected = try openssl(body: data, secret: secret)
        #expect(expected.count == 64)
        #expect(WebhookSender.signature(body: data, secret: secret) == "sha256=" + expected)
        #expect(WebhookSender.verify(signature: "sha256=" + expected, body: data, secret: secret))
        #expect(WebhookSender.verify(signature: "sha256=" + expected.uppercased(), body: data, secret: secret))
    }

    @Test("verify refuses another body, another secret and malformed headers")
    func verifyRefuses() throws {
        let body = Data(#"{"event":"alert.triggered"}"#.utf8)
        let good = "sha256=" + (try openssl(body: body, secret: "right"))
        #expect(WebhookSender.verify(signature: good, body: body, secret: "right"))
        #expect(!WebhookSender.verify(signature: good, body: Data(#"{"event":"alert.resolved"}"#.utf8), secret: "right"))
        #expect(!WebhookSender.verify(signature: good, body: body, secret: "wrong"))
        let digits = good.dropFirst(7)
        var flipped = Array(digits)
        flipped[63] = flipped[63] == "0" ? "1" : "0"
        for header in [
            "sha256=" + String(flipped), String(digits), "sha1=" + digits, "sha256=" + digits.dropLast(), good + "0",
            "sha256=" + digits.dropLast() + "g", "", "sha256=",
        ] {
            #expect(!WebhookSender.verify(signature: header, body: body, secret: "right"), "\(header)")
        }
    }
}
