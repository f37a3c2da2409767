#!/usr/bin/env python3
# Usage: scripts/bench/foreign-events.py COUNT OUT.ndjson
# Events not made by `demo` (10M for docs/benchmarks.md): random arrival order, times uniform over 90 days, 200,000 users
# drawn from a skewed (Pareto) distribution, types and fields from plain Python.
import random, json, sys
random.seed(20261202)
n = int(sys.argv[1]); out = open(sys.argv[2], "w")
end = 1795787232000  # 2026-11-27T13:47:12Z
span = 90 * 86400000
types = ["document_processed"] * 5 + ["processing_error", "spice_model_generated", "login", "page_view", "export_csv"]
w = out.write
for i in range(n):
    t = end - 1 - random.randrange(span)
    u = min(int(random.paretovariate(1.2)) - 1, 199_999) if random.random() < 0.5 else random.randrange(200_000)
    k = random.choice(types)
    if k == "document_processed":
        d = '{"processing_time_ms": %d, "device_type": "%s", "file_size_mb": %.2f}' % (random.randrange(20, 9000), random.choice(("GaN", "SiC", "Si")), random.random() * 40)
    elif k == "processing_error":
        d = '{"error_type": "%s", "service": "svc-%d", "error_message": "code %d"}' % (random.choice(("timeout", "parse", "oom")), random.randrange(6), random.randrange(40))
    elif k == "spice_model_generated":
        d = '{"model_complexity": "%s", "parameters_extracted": %d, "device_type": "GaN"}' % (random.choice(("low", "high")), random.randrange(200))
    else:
        d = "{}"
    w('{"event_type": "%s", "event_data": %s, "service_name": "svc-%d", "user_id": "u%06d", "timestamp": %d}\n' % (k, d, random.randrange(6), u, t))
