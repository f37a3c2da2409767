#!/usr/bin/env bash
# The ingest daemon beside a build or an import (issue 16, item 3): single-event ingest (wrk,
# keep-alive, synchronous=FULL) on a database of EVENTS events while, on the same file,
#   - nothing else runs,
#   - `report all --range 1d,7d,30d,90d,all --full` runs again and again (cold folds: the
#     heaviest reader, and the writer of the rollups),
#   - `import` of EVENTS/4 more events (NDJSON in random time order) runs again and again;
# and, in the same run, GET /health on the same daemon: the rate single-event ingest is
# compared with (goal ≥ 0.65×), the two in alternating slices. Each row: acknowledged events/s,
# p50/p99/max, non-2xx.
# Settings: EVENTS (default 1000000), DURATION (s, default 10), SLICES (5), THREADS (2), CONNECTIONS (64),
# BIN (a built binary; default .build/release/espice-analytics).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib --product espice-analytics >/dev/null
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps.sh --bench"; exit 1; }
DATA=bench-data
mkdir -p "$DATA" analytics_data
WORK=$(mktemp -d analytics_data/bench-beside.XXXXXX)
PID=""; LOOP=""
cleanup() {
  [ -n "$LOOP" ] && kill "$LOOP" 2>/dev/null && wait "$LOOP" 2>/dev/null || true
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DB=$WORK/beside.db
"$BIN" demo --events "$EVENTS" --days 90 --seed 7 --as-of 2026-11-28T00:00:00Z --shuffle --db "$DB" --no-site >/dev/null
EXTRA=$WORK/extra.ndjson
ISO="strftime('%Y-%m-%dT%H:%M:%fZ', ts / 1000.0, 'unixepoch')"
sqlite3 -batch "$DB" "SELECT json_object('event_type', event_type, 'event_data', json(event_data),
    'service_name', service_name, 'user_id', user_id, 'timestamp', $ISO) FROM events LIMIT $((EVENTS / 4))" > "$EXTRA"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); binary: $BIN"
echo "database: $EVENTS events (random arrival order); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

LOG=$WORK/daemon.log
LOG_LEVEL=info "$BIN" ingest --host 127.0.0.1 --port 0 --db "$DB" > "$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 200); do
  PORT=$(grep -o 'port=[0-9]*' "$LOG" | head -1 | cut -d= -f2 || true)
  [ -n "$PORT" ] && break
  sleep 0.05
done
[ -n "${PORT:-}" ] || { cat "$LOG"; exit 1; }

run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --timeout 10s -s "scripts/bench/$1" "http://127.0.0.1:$PORT$3" | grep '^RESULT'; }
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
row() {  # label RESULT
  printf '%-44s %9s /s   p50 %6s ms   p99 %7s ms   max %7s ms   non-2xx %s\n' "$1" "$(field "$2" rate)" \
    "$(field "$2" p50_ms)" "$(field "$2" p99_ms)" "$(field "$2" max_ms)" "$(field "$2" non2xx)"
}
beside() {  # label, then the command to repeat while wrk runs
  local label=$1; shift
  local count=$WORK/count; echo 0 > "$count"
  ( n=0; while true; do "$@" >/dev/null 2>&1 || true; n=$((n + 1)); echo $n > "$count"; done ) &
  LOOP=$!
  sleep 1
  local result; result=$(run_wrk single.lua "$DURATION" /api/analytics/track)
  kill "$LOOP" 2>/dev/null; wait "$LOOP" 2>/dev/null || true; LOOP=""
  row "$label ($(cat "$count") runs)" "$result"
}

# SLICES alternating slices of /health and single events (DURATION/SLICES whole seconds each),
# so that both rates see the same moments of a host whose speed drifts
# (scripts/bench/ingest-ratio.sh does the same over rounds of fresh daemons). Each rate sums requests over seconds; p50, p99 and max are
# the worst slice's.
alternate() {  # script path → one RESULT line for its slices, read from "$WORK/slices.$1"
  awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         n += v["requests"]; t += v["requests"] / v["rate"]; bad += v["non2xx"]; err += v["socket_errors"]
         if (v["p50_ms"] > p50) p50 = v["p50_ms"]; if (v["p99_ms"] > p99) p99 = v["p99_ms"]; if (v["max_ms"] > mx) mx = v["max_ms"] }
       END { printf "RESULT requests=%d rate=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n", n, n / t, p50, p99, mx, bad, err }' "$WORK/slices.$1"
}
SLICES=${SLICES:-5}
SLICE=$(awk -v d="$DURATION" -v s="$SLICES" 'BEGIN {n = int(d / s); print (n < 1 ? 1 : n)}')  # whole seconds: wrk takes no fractions
run_wrk single.lua 2 /api/analytics/track >/dev/null   # warm-up
for _ in $(seq 1 "$SLICES"); do
  run_wrk health.lua "$SLICE" /health >> "$WORK/slices.health"
  run_wrk single.lua "$SLICE" /api/analytics/track >> "$WORK/slices.single"
done
HEALTH=$(alternate health); ALONE=$(alternate single)
row "GET /health ($SLICES slices)" "$HEALTH"
row "single events, nothing beside ($SLICES slices)" "$ALONE"
echo "    = $(awk -v a="$(field "$ALONE" rate)" -v b="$(field "$HEALTH" rate)" 'BEGIN {printf "%.2f", a / b}')× the /health rate (goal ≥ 0.65×)"
OUT=$WORK/out
beside "single events beside report all --full" "$BIN" report all --range 1d,7d,30d,90d,all --full --as-of 2026-11-27T13:47:12Z --db "$DB" -o "$OUT"
beside "single events beside import" "$BIN" import --db "$DB" "$EXTRA"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
