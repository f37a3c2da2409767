import Delivery
import Foundation
import Logging
import Model
import Store
import Testing

/// A fresh directory per test.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("espice-delivery-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static func ms(_ text: String) -> Int64 { Timestamp.parse(text)! }

    /// A store with processed documents and errors on 2026-11-27 (UTC) and one event after midnight.
    static func store(_ path: String) throws -> AnalyticsStore {
        let store = try AnalyticsStore(path: path, logger: Logger(label: "delivery-tests"))
        var events: [TrackedEvent] = []
        for hour in 0..<24 {
            let ts = ms("2026-11-27T00:30:00Z") + Int64(hour) * 3_600_000
            events.append(TrackedEvent(eventType: "document_processed", serviceName: "pdf-service", userId: "u-\(hour % 5)", timestamp: ts,
                                       fields: EventFields(deviceType: "GaN-HEMT", processingTimeMs: Double(1000 + hour * 10))))
            if hour % 6 == 0 {
                events.append(TrackedEvent(eventType: "processing_error", serviceName: "pdf-service", timestamp: ts + 60_000,
                                           fields: EventFields(errorType: "timeout", errorMessage: "Timed out")))
            }
        }
        events.append(TrackedEvent(eventType: "page_view", timestamp: ms("2026-11-28T01:00:00Z")))
        _ = try store.insert(events, receivedAt: ms("2026-11-28T01:00:00Z"))
        return store
    }
}

/// Runs a program and waits; returns (status, stdout, stderr).
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

func which(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// A Python helper server (aiosmtpd or http.server) on a loopback port, stopped on deinit.
final class HelperServer: @unchecked Sendable {
    let process = Process()
    let port: Int

    init(script: String, arguments: [String], directory: TemporaryDirectory, name: String) throws {
        let scriptPath = try directory.write(name + ".py", script)
        let portFile = directory.path(name + ".port")
        process.executableURL = URL(fileURLWithPath: which("python3") ?? "/usr/bin/python3")
        process.arguments = [scriptPath, portFile] + arguments
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var found: Int?
        while Date() < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                found = value
                break
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw HelperError("the \(name) helper server did not start")
        }
        port = found
    }

    deinit {
        // SIGKILL: a child of the test process may inherit a mask that blocks SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

struct HelperError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A loopback port that nothing listens on (bound, then closed).
func closedPort() throws -> Int {
    let (status, out, _) = try runProcess(which("python3") ?? "/usr/bin/python3", ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1]); s.close()"])
    guard status == 0, let port = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw HelperError("no free port") }
    return port
}

enum Scripts {
    /// aiosmtpd on 127.0.0.1: argv = port file, message dir, options JSON
    /// (`reject`: {address: n} answers 451 to the first n RCPTs; `tls`: {cert, key} requires
    /// STARTTLS; `auth`: {user, pass} requires AUTH).
    static let smtp = #"""
    import sys, json, os, ssl, socket, time, threading, signal
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
    port_file, outdir, opts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    counts = {}
    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            seen = counts.get(address, 0)
            counts[address] = seen + 1
            if seen < opts.get("reject", {}).get(address, 0):
                return "451 4.3.0 Try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"
        async def handle_DATA(self, server, session, envelope):
            name = "%d-%s" % (time.time_ns(), envelope.rcpt_tos[0].replace("@", "_"))
            with open(os.path.join(outdir, name + ".eml"), "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(os.path.join(outdir, name + ".json"), "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "tls": session.ssl is not None, "authenticated": bool(session.authenticated)}, f)
            return "250 Message accepted"
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == opts["auth"]["user"] \
            and auth_data.password.decode() == opts["auth"]["pass"]
        return AuthResult(success=ok)
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    kwargs = {}
    if opts.get("tls"):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(opts["tls"]["cert"], opts["tls"]["key"])
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = True
    if opts.get("auth"):
        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(opts.get("tls"))
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    with open(port_file + ".tmp", "w") as f: f.write(str(port))
    os.rename(port_file + ".tmp", port_file)
    threading.Event().wait(300)
    controller.stop()
    """#

    /// Parses every .eml in a directory with Python's `email` package; prints a JSON list and
    /// saves attachments beside the messages.
    static let parse = #"""
    import sys, json, os, email
    from email import policy
    out = []
    d = sys.argv[1]
    for name in sorted(os.listdir(d)):
        if not name.endswith(".eml"): continue
        msg = email.message_from_bytes(open(os.path.join(d, name), "rb").read(), policy=policy.default)
        item = {"to": str(msg["To"]), "from": str(msg["From"]), "subject": str(msg["Subject"]), "message_id": str(msg["Message-ID"]),
                "date": str(msg["Date"]), "content_type": msg.get_content_type(), "attachments": [], "defects": len(msg.defects)}
        plain = msg.get_body(preferencelist=("plain",)); html = msg.get_body(preferencelist=("html",))
        item["text"] = plain.get_content() if plain else None
        item["html"] = html.get_content() if html else None
        for part in msg.iter_attachments():
            data = part.get_payload(decode=True)
            path = os.path.join(d, name + "-" + part.get_filename())
            open(path, "wb").write(data)
            item["attachments"].append({"filename": part.get_filename(), "type": part.get_content_type(), "path": path, "size": len(data)})
        out.append(item)
    print(json.dumps(out))
    """#
}

struct ParsedMessage: Decodable {
    var to: String
    var from: String
    var subject: String
    var message_id: String
    var date: String
    var content_type: String
    var text: String?
    var html: String?
    var attachments: [ParsedAttachment]
    var defects: Int
}

struct ParsedAttachment: Decodable {
    var filename: String
    var type: String
    var path: String
    var size: Int
}

func parseMessages(in directory: String, temp: TemporaryDirectory) throws -> [ParsedMessage] {
    let script = try temp.write("parse.py", Scripts.parse)
    let (status, out, err) = try runProcess(which("python3") ?? "/usr/bin/python3", [script, directory])
    guard status == 0 else { throw HelperError("parse.py failed: \(err)") }
    return try JSONDecoder().decode([ParsedMessage].self, from: Data(out.utf8))
}

/// Saves `report` in `store`, then runs a `Deliverer` at 2026-11-28T06:00Z whose messages go to
/// `temp`'s `outbox` directory; returns the run's summary and that directory.
func deliverToOutbox(
    _ report: SavedReportConfig, store: AnalyticsStore, temp: TemporaryDirectory, _ adjust: (inout AnalyticsConfig) -> Void = { _ in }
) throws -> (summary: DeliverySummary, outbox: String) {
    let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
    try store.saveSavedReport(name: report.name, slug: report.slug, reportType: report.reportType, schedule: report.schedule, json: json)
    var config = AnalyticsConfig()
    config.databasePath = temp.path("analytics.db")
    config.delivery.smtp.from = "ESpice Analytics <reports@espice.example>"
    adjust(&config)
    let outbox = temp.path("outbox")
    let summary = Deliverer(store: store, config: config, transport: try OutboxTransport(directory: outbox))
        .run(DeliveryOptions(asOf: Fixtures.ms("2026-11-28T06:00:00Z")))
    return (summary, outbox)
}
