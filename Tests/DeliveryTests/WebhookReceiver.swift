import Foundation
import Testing

/// A webhook receiver on loopback: Python's http.server checks each POST's
/// `X-ESpice-Signature-256` with Python's own `hmac` module and records it; it can answer the
/// first requests with error codes to exercise retries.
final class WebhookReceiver: Sendable {
    let server: HelperServer
    let directory: String

    /// `codes`: the statuses of the first requests in turn (then 200); a 0 answers 200 after
    /// holding the request for 3 s.
    init(temp: TemporaryDirectory, secret: String, codes: [Int] = [], name: String = "hooks") throws {
        directory = temp.path(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        server = try HelperServer(script: Self.script, arguments: [directory, secret] + codes.map(String.init), directory: temp, name: name)
    }

    var url: String { "http://127.0.0.1:\(server.port)/hooks/espice" }

    /// One recorded POST.
    struct Request: Decodable {
        var path: String
        var event: String?
        var content_type: String?
        var signature: String?
        /// What Python's `hmac.compare_digest` said about the signature.
        var signature_ok: Bool
        var status: Int
        var body: String

        /// The body as JSON.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    }

    /// Every request so far, in arrival order.
    func requests() throws -> [Request] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try JSONDecoder().decode(Request.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0))) }
    }

    /// The requests that were answered 2xx (the deliveries), in order.
    func delivered() throws -> [Request] { try requests().filter { (200..<300).contains($0.status) } }

    static let script = #"""
    import sys, json, os, threading, signal, hmac, hashlib, time
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    from http.server import HTTPServer, BaseHTTPRequestHandler
    port_file, outdir, secret = sys.argv[1], sys.argv[2], sys.argv[3].encode()
    codes = [int(c) for c in sys.argv[4:]]
    count = [0]
    lock = threading.Lock()
    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            given = self.headers.get("X-ESpice-Signature-256") or ""
            expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
            with lock:
                n = count[0]; count[0] += 1
            code = codes[n] if n < len(codes) else 200
            if code == 0:
                time.sleep(3); code = 200
            record = {"path": self.path, "event": self.headers.get("X-ESpice-Event"), "content_type": self.headers.get("Content-Type"),
                      "signature": given, "signature_ok": hmac.compare_digest(given, expected), "status": code, "body": body.decode("utf-8")}
            with open(os.path.join(outdir, "%04d.json" % n), "w") as f:
                json.dump(record, f)
            self.send_response(code); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
        def log_message(self, *a): pass
    class Server(HTTPServer):
        def handle_error(self, request, client_address): pass
    server = Server(("127.0.0.1", 0), H)
    with open(port_file + ".tmp", "w") as f: f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Event().wait(300)
    """#
}
