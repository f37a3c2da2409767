#!/usr/bin/env bash
# Read API benchmark (issue 9), on a release `espice-analytics ingest` over a 1M-event demo
# database (made once, kept in bench-data/api.db). Prints:
#   - GET /api/analytics/summary: the first call after start (rollups already folded), then
#     cached calls (curl's time_total, median of 20);
#   - wrk, 50 connections on cached reads (summary, processing metrics 7d, business): requests/s
#     and latency, non-2xx.
# The load generator runs on the same 2 cores as the daemon (and as other people's work on a
# shared machine): figures are a floor, not a capacity.
# Settings: EVENTS (default 1000000), DURATION (s, default 10), THREADS (2), CONNECTIONS (50),
# BIN (a built binary; default: release build into .build-api), PORT (default 18016).
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-1000000}
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-18016}
DB=bench-data/api.db

command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps.sh --bench"; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: scripts/install-deps.sh"; exit 1; }

if [ -z "${BIN:-}" ]; then
  swift build -c release --scratch-path .build-api --product espice-analytics 2>&1 | grep -E "error|Build" || true
  BIN=.build-api/release/espice-analytics
fi
[ -x "$BIN" ] || { echo "no binary at $BIN"; exit 1; }

mkdir -p bench-data
if [ ! -f "$DB" ]; then
  echo "making $DB ($EVENTS events)…"
  "$BIN" demo --events "$EVENTS" --no-site --db "$DB"
fi

PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

BASE=http://127.0.0.1:$PORT
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "database: $DB, $(du -h "$DB" | cut -f1)"

# Fold every event into the rollups before timing (what a running daemon has done long before).
"$BIN" report processing_performance --db "$DB" --range 1d >/dev/null

"$BIN" ingest --db "$DB" --port "$PORT" >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1  # the start-up refresh (nothing left to fold) has run

t() { curl -s -o /dev/null -w '%{time_total}' "$1"; }
first=$(t "$BASE/api/analytics/summary")
printf 'summary, first call: %.1f ms\n' "$(echo "$first * 1000" | bc -l)"
cached=$(for _ in $(seq 1 20); do t "$BASE/api/analytics/summary"; echo; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'summary, cached (median of 20, curl time_total incl. connect): %.2f ms\n' "$(echo "$cached * 1000" | bc -l)"
for path in "/api/analytics/metrics/processing?time_range=7d" "/api/analytics/metrics/processing?time_range=90d" "/api/analytics/metrics/business"; do
  printf '%s, first call: %.1f ms\n' "$path" "$(echo "$(t "$BASE$path") * 1000" | bc -l)"
done

for path in "/api/analytics/summary" "/api/analytics/metrics/processing?time_range=7d" "/api/analytics/metrics/business"; do
  echo "== wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $path (cached)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Transfer/sec" || true
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
