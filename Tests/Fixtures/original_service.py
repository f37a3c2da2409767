#!/usr/bin/env python3
"""The original Python service's SQLite database, written the way that service wrote it.

Tables are created with the original's definitions (shared/reference/original-database.md beside the repository);
`event_data` and `config` are Python's `json.dumps` (which writes NaN / Infinity / -Infinity);
`timestamp` is SQLite's CURRENT_TIMESTAMP text or the same format written explicitly; every
write is its own connection and transaction, as the service made them.

    original_service.py create DB --events N --seed S --end 2026-11-20T00:00:00 [--arrival-stamps]
    original_service.py append DB --events N --seed S --log LOG [--pause-ms M]
    original_service.py ndjson DB            # the events as /track bodies (non-finite numbers → null)
    original_service.py events-db DB OUT     # an `events` table for recompute.py, built independently
    original_service.py events-json JSON OUT # the same from psql's json_agg of [ts, type, service, user, event_data]
    original_service.py hash FILE
"""
import argparse, hashlib, json, math, random, sqlite3, sys, time
from datetime import datetime, timedelta, timezone

SCHEMA = """
CREATE TABLE IF NOT EXISTS analytics_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT NOT NULL,
    event_data TEXT,
    timestamp DATETIME DEFAULT CURRENT_TIMESTAMP,
    service_name TEXT,
    user_id TEXT
);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    report_type TEXT NOT NULL,
    config TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    last_run DATETIME,
    status TEXT DEFAULT 'pending'
);
CREATE TABLE IF NOT EXISTS dashboards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    config TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE NOT NULL,
    value REAL,
    timestamp DATETIME DEFAULT CURRENT_TIMESTAMP,
    category TEXT,
    metadata TEXT
);
"""

SERVICES = ["pdf-service", "ocr-service", "spice-model-service", None]
DEVICES = ["GaN-HEMT", "SiC-MOSFET", "Si-IGBT", "GaAs-pHEMT"]
USERS = [f"u-{i}" for i in range(40)] + ["ユーザー-7", "ümlaut", None]
ERRORS = ["ocr_failure", "timeout", "parse_error"]


def event(rng, seq):
    """One tracked event as a client of the original posted it (event_type, event_data, service, user)."""
    roll = rng.random()
    service = rng.choice(SERVICES)
    user = rng.choice(USERS)
    if roll < 0.45:
        data = {"device_type": rng.choice(DEVICES), "processing_time_ms": rng.choice(
            [rng.randint(50, 9000), round(rng.uniform(10, 500), 3), float("nan"), float("inf"), "fast", None]),
            "file_size_mb": rng.choice([round(rng.uniform(0.1, 80), 2), -math.inf, 3])}
        kind = "document_processed"
    elif roll < 0.6:
        data = {"error_type": rng.choice(ERRORS), "error_message": f"Text extraction failed on page {rng.randint(1, 300)}",
                "device_type": rng.choice(DEVICES), "file_size_mb": round(rng.uniform(0.1, 80), 2)}
        if rng.random() < 0.5:
            data["service"] = rng.choice(["ocr-service", "pdf-service"])
        kind = rng.choice(["processing_error", "error"])
    elif roll < 0.75:
        data = {"device_type": rng.choice(DEVICES), "model_complexity": rng.choice(["basic", "advanced", "expert"]),
                "parameters_extracted": rng.choice([rng.randint(3, 60), float("nan")])}
        kind = "spice_model_generated"
    else:
        data = {"feature": rng.choice(["export", "compare", "search"]), "ratio": rng.choice([1.5, float("-inf")])}
        kind = rng.choice(["feature_used", "page_view", "login"])
    data["seq"] = seq
    return kind, data, service, user


def insert(path, kind, data, service, user, stamp=None):
    """What the original's /track handler did: a connection, one INSERT, commit."""
    connection = sqlite3.connect(path, timeout=5.0)
    try:
        if stamp is None:
            cursor = connection.execute(
                "INSERT INTO analytics_events (event_type, event_data, service_name, user_id) VALUES (?, ?, ?, ?)",
                (kind, None if data is None else json.dumps(data), service, user))
        else:
            cursor = connection.execute(
                "INSERT INTO analytics_events (event_type, event_data, timestamp, service_name, user_id) VALUES (?, ?, ?, ?, ?)",
                (kind, None if data is None else json.dumps(data), stamp, service, user))
        connection.commit()
        return cursor.lastrowid
    finally:
        connection.close()


def create(args):
    rng = random.Random(args.seed)
    end = datetime.fromisoformat(args.end)
    connection = sqlite3.connect(args.db)
    connection.executescript(SCHEMA)
    rows = []
    start = end - timedelta(days=40)
    for seq in range(args.events):
        kind, data, service, user = event(rng, seq)
        if args.arrival_stamps:
            # As the service wrote them: CURRENT_TIMESTAMP at arrival, so time follows id.
            when = start + timedelta(seconds=seq * 40 * 86400 // max(1, args.events))
        else:
            when = end - timedelta(seconds=rng.randint(1, 40 * 86400))
        rows.append((kind, json.dumps(data), when.strftime("%Y-%m-%d %H:%M:%S"), service, user))
    # Rows the original accepted and a takeover must list, never drop silently.
    rows.append(("bad type!", json.dumps({"seq": args.events}), "2026-11-10 10:00:00", None, None))
    rows.append(("document_processed", "[1, 2]", "2026-11-10 10:00:01", "pdf-service", "u-1"))
    rows.append(("document_processed", json.dumps({"seq": args.events + 2}), "not a time", None, None))
    # No event_data at all, and an empty object: both are events without fields.
    rows.append(("login", None, "2026-11-11 08:00:00", None, "u-2"))
    rows.append(("login", "{}", "2026-11-11 08:00:02", None, "u-3"))
    connection.executemany(
        "INSERT INTO analytics_events (event_type, event_data, timestamp, service_name, user_id) VALUES (?, ?, ?, ?, ?)", rows)
    weekly = {"name": "Weekly processing", "description": "for ops", "report_type": "processing_performance",
              "parameters": {"time_range": "7d", "filters": {"service_name": "pdf-service"}, "include_errors": True},
              "schedule": "0 7 * * 1", "recipients": ["ops@example.com"], "format": "pdf"}
    errors = {"name": "Errors", "report_type": "error_analysis", "parameters": {"time_range": "30d"}, "format": "excel"}
    errors_again = dict(errors, parameters={"time_range": "7d"}, threshold=float("nan"))
    broken = {"name": "Broken", "report_type": "no_such_report"}
    for config in [weekly, errors, errors_again, broken]:
        connection.execute("INSERT INTO reports (name, report_type, config) VALUES (?, ?, ?)",
                           (config["name"], config["report_type"], json.dumps(config)))
    overview = {"name": "Processing Overview", "description": "Real-time processing metrics", "widgets": [
        {"type": "metric", "title": "Total Processed", "metric": "total_processed", "position": {"x": 0, "y": 0, "w": 6, "h": 2}},
        {"type": "chart", "title": "Processing Timeline", "chart_type": "processing_timeline",
         "position": {"x": 0, "y": 2, "w": 12, "h": 4}}], "layout": {"columns": 12}, "refresh_interval": 300}
    overview_copy = dict(overview, description="a second dashboard of the same name")
    for config in [overview, overview_copy]:
        connection.execute("INSERT INTO dashboards (name, config) VALUES (?, ?)", (config["name"], json.dumps(config)))
    for index in range(12):
        connection.execute("INSERT INTO metrics (name, value, category) VALUES (?, ?, ?)", (f"m{index}", index * 1.5, "cache"))
    connection.commit()
    connection.close()


def append(args):
    rng = random.Random(args.seed)
    failures = 0
    with open(args.log, "w") as log:
        for seq in range(args.start, args.start + args.events):
            kind, data, service, user = event(rng, seq)
            try:
                row = insert(args.db, kind, data, service, user, "2026-11-19 12:00:00" if seq % 3 else None)
                log.write(f"{row} {seq}\n")
            except sqlite3.OperationalError as error:  # "database is locked": the old service would lose this event
                failures += 1
                log.write(f"failed {seq} {error}\n")
            log.flush()
            if args.pause_ms:
                time.sleep(args.pause_ms / 1000)
    print(json.dumps({"failures": failures}))


def finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def readable(kind, data, stamp):
    """The row as (time, parsed event_data) when SPEC §2 lets it in, else None (a takeover lists it)."""
    try:
        when = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None
    if not (1 <= len(kind) <= 128) or not all(c.isascii() and (c.isalnum() or c in "_.:-") for c in kind):
        return None
    parsed = json.loads(data) if data is not None else None
    if parsed is not None and not isinstance(parsed, dict):
        return None
    return when, parsed


def ndjson(args):
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    for kind, data, stamp, service, user in connection.execute(
            "SELECT event_type, event_data, timestamp, service_name, user_id FROM analytics_events ORDER BY id"):
        if readable(kind, data, stamp) is None:
            continue
        body = {"event_type": kind, "timestamp": stamp, "service_name": service, "user_id": user}
        if data is not None:
            body["event_data"] = finite(json.loads(data))
        print(json.dumps(body, allow_nan=False, ensure_ascii=False))


def new_events_db(path):
    """An empty `events` table as recompute.py reads it."""
    target = sqlite3.connect(path)
    target.execute("CREATE TABLE events (ts INTEGER, event_type TEXT, service_name TEXT, user_id TEXT, device_type TEXT,"
                   " processing_time_ms REAL, file_size_mb REAL, error_type TEXT, error_message TEXT, error_service TEXT,"
                   " model_complexity TEXT, parameters_extracted REAL)")
    return target


def insert_event(target, ms, kind, service, user, parsed):
    """One event, its metric fields taken from `event_data` by plain Python rules (SPEC §2)."""
    def text(key):
        value = parsed.get(key)
        return value if isinstance(value, str) else None

    def number(key):
        value = parsed.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value) if math.isfinite(value) else None

    target.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (
        ms, kind, service, user, text("device_type"), number("processing_time_ms"), number("file_size_mb"),
        text("error_type"), text("error_message"), text("service"), text("model_complexity"),
        number("parameters_extracted")))


def events_db(args):
    """The `events` table recompute.py reads, from the original's rows by plain Python rules (SPEC §2)."""
    source = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    target = new_events_db(args.out)
    for kind, data, stamp, service, user in source.execute(
            "SELECT event_type, event_data, timestamp, service_name, user_id FROM analytics_events ORDER BY id"):
        row = readable(kind, data, stamp)
        if row is None:
            continue  # listed by the takeover, not stored
        when, parsed = row
        insert_event(target, int(when.timestamp() * 1000), kind, service, user, parsed or {})
    target.commit()


def events_json(args):
    """The `events` table recompute.py reads, from `[[ts, event_type, service_name, user_id,
    event_data text], …]` (psql's `json_agg` of a PostgreSQL events table): only the event as
    received is used, never the columns espice-analytics derived from it."""
    target = new_events_db(args.out)
    for ms, kind, service, user, data in json.load(open(args.json)) or []:
        parsed = json.loads(data) if data else {}
        insert_event(target, ms, kind, service, user, parsed if isinstance(parsed, dict) else {})
    target.commit()


def digest(args):
    print(hashlib.sha256(open(args.file, "rb").read()).hexdigest())


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("create"); p.add_argument("db"); p.add_argument("--events", type=int, default=500)
    p.add_argument("--seed", type=int, default=1); p.add_argument("--end", default="2026-11-20T00:00:00")
    p.add_argument("--arrival-stamps", action="store_true", help="times follow ids, as the service stamped them")
    p.set_defaults(run=create)
    p = commands.add_parser("append"); p.add_argument("db"); p.add_argument("--events", type=int, default=100)
    p.add_argument("--seed", type=int, default=2); p.add_argument("--start", type=int, default=1_000_000)
    p.add_argument("--log", required=True); p.add_argument("--pause-ms", type=float, default=0); p.set_defaults(run=append)
    p = commands.add_parser("ndjson"); p.add_argument("db"); p.set_defaults(run=ndjson)
    p = commands.add_parser("events-db"); p.add_argument("db"); p.add_argument("out"); p.set_defaults(run=events_db)
    p = commands.add_parser("events-json"); p.add_argument("json"); p.add_argument("out"); p.set_defaults(run=events_json)
    p = commands.add_parser("hash"); p.add_argument("file"); p.set_defaults(run=digest)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
