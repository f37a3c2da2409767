#!/usr/bin/env python3
"""Compares a report's `data` (espice-analytics' JSON) with recompute.py's answer for it.

    compare-report.py EXPECTED.json ACTUAL.json

EXPECTED is what scripts/recompute.py printed; ACTUAL a report file or `report` output
(`{"metadata": …, "data": …}`), reshaped where recompute.py keeps a simpler form. Every key the
recomputation has must match: numbers exactly, percentiles (keys p50, p95, …) within 1 %.
Prints one line per difference and exits 1 when there is any.
"""
import json, re, sys


def reshaped(data):
    data = dict(data)
    if isinstance(data.get("time_series"), list):
        data["time_series"] = sorted(([r["date"], r["event_type"], r["count"]] for r in data["time_series"]),
                                     key=lambda r: f"{r[0]}{r[1]}")
    if isinstance(data.get("peak_usage"), dict):
        data["peak_usage_matrix"] = data["peak_usage"].get("matrix")
    if isinstance(data.get("daily_active_users"), list):
        data["daily_active_users"] = [[r["date"], r["active_users"]] for r in data["daily_active_users"]]
    return data


def compare(expected, actual, path, differences):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            differences.append(f"{path}: expected an object, got {actual!r}")
            return
        for key, value in expected.items():
            compare(value, actual.get(key), f"{path}.{key}", differences)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            differences.append(f"{path}: {len(expected)} entries expected, got {actual!r:.200}")
            return
        for index, (e, a) in enumerate(zip(expected, actual)):
            compare(e, a, f"{path}[{index}]", differences)
    elif isinstance(expected, (int, float)) and not isinstance(expected, bool):
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            differences.append(f"{path}: expected {expected!r}, got {actual!r}")
        elif re.search(r"\.p\d\d$", path):
            if abs(actual - expected) > abs(expected) * 0.01:
                differences.append(f"{path}: {actual} not within 1 % of {expected}")
        elif abs(actual - expected) >= 1e-9:
            differences.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif expected != actual:
        differences.append(f"{path}: expected {expected!r}, got {actual!r}")


def main():
    expected = json.load(open(sys.argv[1]))
    actual = json.load(open(sys.argv[2]))
    actual = reshaped(actual.get("data", actual))
    differences = []
    compare(expected, actual, "data", differences)
    for line in differences[:50]:
        print(line)
    sys.exit(1 if differences else 0)


main()
