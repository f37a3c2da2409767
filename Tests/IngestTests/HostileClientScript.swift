/// The hostile client HostileClientTests runs: Python, raw sockets, 127.0.0.1 only (its docstring
/// says what it does).
enum HostileClientScript {
    static let source = #"""
"""A hostile HTTP client for the ingest daemon (HostileClientTests.swift): raw sockets on
127.0.0.1 only, every loop bounded in count and time. While the attacks run, a well-behaved
client tracks events and reads /health; at the end it prints one JSON object: what each attack
got back, the events that were acknowledged, and the well-behaved client's latencies."""
import errno, json, socket, sys, threading, time

PORT = int(sys.argv[1])
MODE = sys.argv[2] if len(sys.argv) > 2 else "attacks"
HOST = "127.0.0.1"


def connect(timeout=10.0):
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    s.settimeout(timeout)
    return s


def read_answer(s, limit=1 << 20):
    """Status code and body of one answer (None when the server closed first)."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                return None, data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        headers = {}
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
        length = int(headers.get("content-length", "0"))
        while len(body) < min(length, limit):
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(head.split(b" ")[1]), body, headers
    except (socket.timeout, ConnectionError, OSError):
        return None, data


def request(method, path, body=b"", headers=None, chunked=False, timeout=20.0):
    """One request on a new connection: (status, body, headers); status None if none came."""
    s = connect(timeout)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
        for name, value in (headers or {"Content-Type": "application/json"}).items():
            lines.append(f"{name}: {value}")
        if chunked:
            lines.append("Transfer-Encoding: chunked")
            s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            step = 256 * 1024
            try:
                for start in range(0, len(body), step):
                    part = body[start:start + step]
                    s.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                s.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server may answer and close before the whole body is sent
        else:
            lines.append(f"Content-Length: {len(body)}")
            try:
                s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            except OSError:
                pass
        answer = read_answer(s)
        return answer if len(answer) == 3 else (answer[0], b"", {})
    finally:
        s.close()


def closed_within(s, seconds):
    """Seconds until the server closed the socket (or answered and closed), None if it did not."""
    start = time.monotonic()
    s.settimeout(0.2)
    while time.monotonic() - start < seconds:
        try:
            chunk = s.recv(4096)
            if not chunk:
                return time.monotonic() - start
        except socket.timeout:
            continue
        except OSError:
            return time.monotonic() - start
    return None


class Bystander(threading.Thread):
    """The well-behaved client: one event, then /health, again and again until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.acknowledged = []  # [id, user_id]
        self.latencies = []
        self.failures = []

    def run(self):
        n = 0
        while not self.stop.is_set() and n < 3000:
            user = f"bystander-{n}"
            n += 1
            body = json.dumps({"event_type": "bystander", "user_id": user}).encode()
            start = time.monotonic()
            try:
                status, answer, _ = request("POST", "/api/analytics/track", body)
                self.latencies.append(time.monotonic() - start)
                if status == 200:
                    self.acknowledged.append([json.loads(answer)["id"], user])
                else:
                    self.failures.append(f"{user}: {status}")
                start = time.monotonic()
                status, _, _ = request("GET", "/health", headers={})
                self.latencies.append(time.monotonic() - start)
                if status != 200:
                    self.failures.append(f"health: {status}")
            except OSError as error:
                self.failures.append(f"{user}: {error}")
            time.sleep(0.02)


def event(data):
    return json.dumps({"event_type": "hostile", "event_data": data}).encode()


def attacks():
    results = {}
    track, batch = "/api/analytics/track", "/api/analytics/track/batch"
    # Slow headers: a header line every 0.5 s, never the blank line that ends them.
    slow = []
    for _ in range(20):
        s = connect()
        s.sendall(f"POST {track} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        slow.append(s)
    dripper_stop = threading.Event()

    def drip():
        for i in range(40):
            if dripper_stop.is_set():
                return
            for s in slow:
                try:
                    s.sendall(f"X-Slow-{i}: a\r\n".encode())
                except OSError:
                    pass
            time.sleep(0.5)

    threading.Thread(target=drip, daemon=True).start()
    # Slow bodies: headers at once, then one byte every 0.5 s (more clients than batch slots).
    trickle = []
    for i in range(12):
        s = connect()
        path = batch if i % 2 == 0 else track
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[".encode())
        trickle.append(s)

    def trickle_bytes():
        for _ in range(40):
            if dripper_stop.is_set():
                return
            for s in trickle:
                try:
                    s.sendall(b" ")
                except OSError:
                    pass
            time.sleep(0.5)

    threading.Thread(target=trickle_bytes, daemon=True).start()
    # A body announced and never sent.
    silent = connect()
    silent.sendall(f"POST {track} HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: 100\r\n\r\n".encode())

    # Meanwhile, documents a hostile client would send.
    deep = b'{"event_type": "hostile", "event_data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    results["deep_json"] = request("POST", track, deep)[0]
    results["deep_batch"] = request("POST", batch, b"[" * 200_000 + b"]" * 200_000)[0]
    results["huge_json"] = request("POST", track, b'{"event_type": "x", "pad": "' + b"a" * (2 << 20) + b'"}')[0]
    results["huge_chunked"] = request("POST", track, b'{"event_type": "x", "pad": "' + b"a" * (2 << 20) + b'"}', chunked=True)[0]
    results["huge_batch"] = request("POST", batch, b"[" + b'{"event_type":"x"},' * 1_000_000 + b'{"event_type":"x"}]')[0]
    results["numbers_beyond_double"] = request(
        "POST", track, b'{"event_type": "hostile_numbers", "event_data": {"processing_time_ms": 1e400, "file_size_mb": -1e999, "n": 123456789012345678901234567890}}')[0]
    results["timestamp_beyond_double"] = request("POST", track, b'{"event_type": "hostile", "timestamp": 1e400}')[0]
    results["invalid_utf8"] = request("POST", track, b'{"event_type": "hostile", "user_id": "\xff\xfe"}')[0]
    results["invalid_utf8_key"] = request("POST", track, b'{"event_type": "hostile", "\xc0\xaf": 1}')[0]
    results["raw_nul"] = request("POST", track, b'{"event_type": "hostile", "user_id": "a\x00b"}')[0]
    results["escaped_nul"] = request("POST", track, b'{"event_type": "hostile_nul", "user_id": "a\\u0000b"}')[0]
    results["nul_in_type"] = request("POST", track, b'{"event_type": "host\\u0000ile"}')[0]
    results["lone_surrogate"] = request("POST", track, b'{"event_type": "hostile", "event_data": {"a": "\\ud800"}}')[0]
    results["garbage_request_line"] = request("GET", "/health\x00 x", headers={})[0]
    results["header_crlf_in_value"] = request("GET", "/health", headers={"X-A": "a\rb"})[0]
    # Names that try to become headers or paths.
    injected = json.dumps({"name": "Ops\r\nSet-Cookie: evil=1\r\n\r\n<script>", "widgets": [{"type": "text", "content": "x"}]}).encode()
    status, body, headers = request("POST", "/api/analytics/dashboards", injected)
    results["dashboard_crlf_name"] = [status, json.loads(body).get("slug") if status == 200 else None, "set-cookie" in headers]
    traversal = json.dumps({"name": "../../../../tmp/espice-evil", "widgets": []}).encode()
    status, body, _ = request("POST", "/api/analytics/dashboards", traversal)
    results["dashboard_traversal_name"] = [status, json.loads(body).get("slug") if status == 200 else None]
    report = {"name": "Weekly\r\nBcc: evil@example.com", "report_type": "processing_performance", "schedule": "@daily",
              "recipients": ["ops@example.com"]}
    status, body, _ = request("POST", "/api/analytics/reports/save", json.dumps(report).encode())
    results["report_crlf_name"] = [status, json.loads(body).get("slug") if status == 200 else None]
    report["recipients"] = ["ops@example.com\r\nBcc: evil@example.com"]
    results["report_crlf_recipient"] = request("POST", "/api/analytics/reports/save", json.dumps(report).encode())[0]
    results["export_traversal"] = request("GET", "/api/analytics/reports/..%2F..%2Fetc%2Fpasswd/export?format=csv", headers={})[0]
    results["chart_traversal"] = request("GET", "/api/analytics/visualizations/..%2F..%2F..%2Fetc%2Fpasswd", headers={})[0]
    results["dotdot_path"] = request("GET", "/api/analytics/../../etc/passwd", headers={})[0]
    status, _, headers = request("GET", "/api/analytics/reports/processing_performance/export?format=csv&time_range=7d%0d%0aX-Evil:%201", headers={})
    results["export_crlf_range"] = [status, "x-evil" in headers]

    # The slow clients: each closed (or answered 408) within the test's timeouts.
    results["slow_headers_closed"] = [closed_within(s, 15) for s in slow]
    results["slow_bodies"] = []
    for s in trickle:
        answer = read_answer(s)
        results["slow_bodies"].append(answer[0])
    results["silent_body_closed"] = closed_within(silent, 15)
    dripper_stop.set()
    for s in slow + trickle + [silent]:
        s.close()
    return results


def flood():
    """More connections than the daemon has file descriptors; then they all go away."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    keep = connect()  # a keep-alive connection made before the flood
    sockets, refused = [], 0
    for _ in range(400):  # non-blocking: a connection the kernel cannot queue costs no wait
        s = socket.socket()
        s.setblocking(False)
        code = s.connect_ex((HOST, PORT))
        if code in (0, errno.EINPROGRESS):
            sockets.append(s)
        else:
            refused += 1
            s.close()
    time.sleep(1)
    keep.sendall(f"GET /health HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
    during = read_answer(keep)[0]
    for s in sockets:
        s.close()
    keep.close()
    after, waited = None, 0.0
    start = time.monotonic()
    while time.monotonic() - start < 20:
        try:
            after = request("GET", "/health", headers={}, timeout=5)[0]
            if after == 200:
                break
        except OSError:
            pass
        time.sleep(0.2)
    waited = time.monotonic() - start
    return {"opened": len(sockets), "refused": refused, "during": during, "after": after, "after_seconds": waited}


bystander = Bystander()
bystander.start()
time.sleep(0.3)
outcome = attacks() if MODE == "attacks" else flood()
time.sleep(0.5 if MODE == "attacks" else 3.0)  # after a flood: time for the bystander to be answered again
bystander.stop.set()
bystander.join(30)
lat = sorted(bystander.latencies) or [0]
outcome["bystander"] = {
    "acknowledged": bystander.acknowledged, "failures": bystander.failures[:20], "requests": len(bystander.latencies),
    "p50": lat[len(lat) // 2], "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))], "max": lat[-1],
}
print(json.dumps(outcome))
"""#
}
