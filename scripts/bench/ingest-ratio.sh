#!/usr/bin/env bash
# Single-event ingest against GET /health on the same daemon, for one or more builds side by side
# (issue 16, item 3: goal ≥ 0.65×): for each ROUND, each BIN in turn starts a daemon on a copy of
# one database, then wrk -t2 -c64 runs /health and single events for DURATION s each, and the
# line shows both rates, their ratio, and the cores the daemon and the whole machine used.
# Usage: scripts/bench/ingest-ratio.sh BIN [BIN...]   (ROUNDS=3, DURATION=6, EVENTS=300000)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-6}; EVENTS=${EVENTS:-300000}
WORK=$(mktemp -d); PID=""
cleanup() { if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
"$1" demo --events "$EVENTS" --days 90 --seed 7 --as-of 2026-11-28T00:00:00Z --shuffle --db "$WORK/seed.db" --no-site >/dev/null
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
idle() { awk '/^cpu / {print $5 + $6}' /proc/stat; }
measure() {  # script path → "rate daemon-cores idle-cores"
  local a b i0 i1 t0 t1 rate
  a=$(cpu_of "$PID"); i0=$(idle); t0=$(date +%s.%N)
  rate=$(wrk -t2 -c64 -d"${DURATION}s" -s "scripts/bench/$1" "http://127.0.0.1:$PORT$2" | awk '/^RESULT/ {for (i = 1; i <= NF; i++) if ($i ~ /^rate=/) print substr($i, 6)}')
  b=$(cpu_of "$PID"); i1=$(idle); t1=$(date +%s.%N)
  awk -v r="$rate" -v c=$((b - a)) -v i=$((i1 - i0)) -v t="$(echo "$t1 - $t0" | bc)" 'BEGIN {printf "%s %.2f %.2f", r, c / 100 / t, i / 100 / t}'
}
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for bin in "$@"; do
    cp "$WORK/seed.db" "$WORK/d.db"; rm -f "$WORK/d.db-wal" "$WORK/d.db-shm"
    LOG_LEVEL=info "$bin" ingest --host 127.0.0.1 --port 0 --db "$WORK/d.db" > "$WORK/log" 2>&1 &
    PID=$!; PORT=""
    for _ in $(seq 1 200); do PORT=$(grep -o 'port=[0-9]*' "$WORK/log" | head -1 | cut -d= -f2 || true); [ -n "$PORT" ] && break; sleep 0.05; done
    wrk -t2 -c64 -d2s -s scripts/bench/single.lua "http://127.0.0.1:$PORT/api/analytics/track" >/dev/null  # warm-up
    read -r health hcpu hidle <<< "$(measure health.lua /health)"
    read -r single scpu sidle <<< "$(measure single.lua /api/analytics/track)"
    printf 'round %d  %-40s /health %6s/s  single %6s/s  = %.2f×   daemon %s / %s cores, idle %s / %s\n' "$round" "$bin" \
      "$health" "$single" "$(echo "$single / $health" | bc -l)" "$hcpu" "$scpu" "$hidle" "$sidle"
    kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
