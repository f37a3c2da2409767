#!/usr/bin/env python3
"""Independent recomputation of the report figures straight from the raw events (SPEC §3–4).

A second, deliberately simple implementation: plain Python over `SELECT * FROM events`, no
rollups, no sketches. Prints the `data` object of one report as JSON, for the tests to compare
with what espice-analytics computed.

    recompute.py DB TYPE RANGE AS_OF [TIME_ZONE]
"""
import json, math, re, sqlite3, sys
from collections import Counter, defaultdict
from datetime import datetime, timezone, timedelta
from zoneinfo import ZoneInfo

PROCESSED, ERRORS, MODELS = {"document_processed"}, {"processing_error", "error"}, {"spice_model_generated"}


def parse(ts):
    return int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000)


def pct(part, whole):
    return None if whole == 0 else round(part / whole * 100, 2)


def nearest_rank(values, q):
    return values[max(1, math.ceil(q * len(values))) - 1]


def ranked(counter, name):
    return sorted(counter.items(), key=lambda kv: (-kv[1], "" if kv[0] is None else "\x01" + kv[0]))


def main():
    db, kind, rng, as_of = sys.argv[1:5]
    zone = ZoneInfo(sys.argv[5] if len(sys.argv) > 5 else "UTC")
    end = parse(as_of)
    rows = sqlite3.connect(db).execute(
        "SELECT ts, event_type, service_name, user_id, device_type, processing_time_ms, file_size_mb, error_type,"
        " error_message, error_service, model_complexity, parameters_extracted FROM events").fetchall()
    length = None if rng == "all" else int(rng[:-1]) * 86_400_000
    start = min([r[0] for r in rows] + [end]) if length is None else end - length
    inside = [r for r in rows if start <= r[0] < end]
    hourly = rng == "1d"

    def bucket(ts):
        local = datetime.fromtimestamp(ts / 1000, tz=timezone.utc).astimezone(zone)
        if hourly:
            off = local.utcoffset()
            sign = "+" if off >= timedelta(0) else "-"
            minutes = abs(int(off.total_seconds() // 60))
            suffix = "Z" if minutes == 0 else f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
            return local.strftime("%Y-%m-%dT%H:00:00") + suffix
        return local.strftime("%Y-%m-%d")

    out = {}
    if kind == "processing_performance":
        processed = [r for r in inside if r[1] in PROCESSED]
        errors = [r for r in inside if r[1] in ERRORS]
        times = sorted(r[5] for r in processed if r[5] is not None)
        out["total_processed"], out["total_errors"] = len(processed), len(errors)
        out["success_rate"] = pct(len(processed), len(processed) + len(errors))
        out["processing_time"] = {"count": len(times), "mean": round(sum(times) / len(times), 2) if times else None,
                                  "max": max(times) if times else None,
                                  **{f"p{int(q * 100)}": nearest_rank(times, q) if times else None for q in (0.5, 0.9, 0.95, 0.99)}}
        services = defaultdict(lambda: [0, 0, 0])
        for r in inside:
            s = services[r[2]]
            s[0] += 1
            s[1] += r[1] in PROCESSED
            s[2] += r[1] in ERRORS
        out["service_breakdown"] = [
            {"service_name": k, "requests": v[0], "processed": v[1], "errors": v[2], "error_rate": pct(v[2], v[1] + v[2])}
            for k, v in sorted(services.items(), key=lambda kv: (-kv[1][0], "" if kv[0] is None else "\x01" + kv[0]))]
        series = Counter((bucket(r[0]), r[1]) for r in inside)
        out["time_series"] = sorted(([d, t, c] for (d, t), c in series.items()))
    elif kind == "business_intelligence":
        models = [r for r in inside if r[1] in MODELS]
        devices = Counter(r[4] for r in models)
        out["total_models_generated"] = len(models)
        out["device_types"] = [{"device_type": k, "count": v, "share": pct(v, len(models))} for k, v in ranked(devices, 0)]
        users = defaultdict(lambda: [0, 0])
        for r in inside:
            if r[3] is not None:
                users[r[3]][0] += 1
                users[r[3]][1] = max(users[r[3]][1], r[0])
        top = sorted(users.items(), key=lambda kv: (-kv[1][0], kv[0]))[:10]
        out["top_users"] = [{"user_id": k, "activity_count": v[0]} for k, v in top]
        out["feature_usage"] = [{"event_type": k, "usage_count": v} for k, v in ranked(Counter(r[1] for r in inside), 0)]
    elif kind == "error_analysis":
        errors = [r for r in inside if r[1] in ERRORS]
        service_of = lambda r: r[9] if r[9] is not None else r[2]
        patterns = Counter((r[7], service_of(r)) for r in errors)
        out["total_errors"] = len(errors)
        out["error_patterns"] = [{"error_type": k[0], "service": k[1], "count": v} for k, v in
                                 sorted(patterns.items(), key=lambda kv: (-kv[1], "" if kv[0][0] is None else "\x01" + kv[0][0],
                                                                          "" if kv[0][1] is None else "\x01" + kv[0][1]))]
        messages = Counter()
        for r in errors:
            if r[8] is not None:
                messages[re.sub(r"\d+", "N", re.sub(r"\b[0-9a-fA-F]{8,}\b", "X", r[8]))] += 1
        out["top_messages"] = [{"message": k, "count": v} for k, v in sorted(messages.items(), key=lambda kv: (-kv[1], kv[0]))[:20]]
        attempts = [r for r in inside if r[1] in PROCESSED or r[1] in ERRORS]
        overall = sum(r[1] in ERRORS for r in attempts) / len(attempts) * 100 if attempts else 0
        causes = []
        band = lambda mb: None if mb is None else "<1" if mb < 1 else "1-10" if mb < 10 else "10-50" if mb < 50 else ">=50"
        hour = lambda ts: str(datetime.fromtimestamp(ts / 1000, tz=timezone.utc).astimezone(zone).hour)
        dims = {"service": lambda r: service_of(r) if r[1] in ERRORS else r[2], "device_type": lambda r: r[4],
                "file_size_band": lambda r: band(r[6]), "hour": lambda r: hour(r[0])}
        for name, get in dims.items():
            tally = defaultdict(lambda: [0, 0])
            for r in attempts:
                value = get(r)
                if value is not None:
                    tally[value][0] += 1
                    tally[value][1] += r[1] in ERRORS
            for value, (tries, errs) in tally.items():
                if overall > 0 and tries >= 20 and (errs / tries * 100) / overall >= 1.5:
                    causes.append({"dimension": name, "value": value, "attempts": tries, "errors": errs,
                                   "lift": round((errs / tries * 100) / overall, 2)})
        out["root_causes"] = sorted(causes, key=lambda c: (-c["lift"], c["dimension"], c["value"]))
    elif kind == "user_activity":
        users = defaultdict(list)
        for r in inside:
            if r[3] is not None:
                users[r[3]].append(r[0])
        first_ever = {}
        for r in rows:
            if r[3] is not None and r[0] < end:
                first_ever[r[3]] = min(first_ever.get(r[3], r[0]), r[0])
        out["active_users"] = len(users)
        out["total_activities"] = sum(len(v) for v in users.values())
        counts = [len(v) for v in users.values()]
        out["segments"] = {"power": sum(c >= 50 for c in counts), "regular": sum(10 <= c < 50 for c in counts),
                           "occasional": sum(1 <= c < 10 for c in counts)}
        out["new_users"] = sum(1 for u in users if start <= first_ever[u] < end)
        matrix = [[0] * 24 for _ in range(7)]
        for ts_list in users.values():
            for ts in ts_list:
                local = datetime.fromtimestamp(ts / 1000, tz=timezone.utc).astimezone(zone)
                matrix[local.weekday()][local.hour] += 1
        out["peak_usage_matrix"] = matrix
        daily = defaultdict(set)
        for u, ts_list in users.items():
            for ts in ts_list:
                daily[bucket(ts) if not hourly else datetime.fromtimestamp(ts / 1000, tz=timezone.utc).astimezone(zone).strftime("%Y-%m-%d")].add(u)
        out["daily_active_users"] = sorted([d, len(s)] for d, s in daily.items())
    print(json.dumps(out, ensure_ascii=False))


main()
