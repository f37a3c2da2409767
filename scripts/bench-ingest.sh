#!/usr/bin/env bash
# Ingest benchmark (issue 3): wrk against a release `espice-analytics ingest` on loopback, load
# generator on the same cores. Prints, from one run:
#   - the fsync floor: one transaction per event, raw (sqlite3, synchronous=FULL, WAL) and
#     through the daemon with group commit off (--max-commit-events 1);
#   - single events with group commit, synchronous=FULL: acknowledged events/s, p50/p99, non-2xx;
#   - the batch endpoint, 1,000 events per request;
#   - the daemon's peak RSS (VmHWM) under each load.
# Settings: DURATION (s, default 10), THREADS (2), CONNECTIONS (64), BATCH_CONNECTIONS (64),
# BIN (a built binary; default: release build into .build-ingest), BENCH_DIR (where the
# databases go; default a temp dir under analytics_data/, on the disk a deployment would use).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-64}
LUA_DIR=scripts/bench

command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps.sh --bench"; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: scripts/install-deps.sh"; exit 1; }

if [ -z "${BIN:-}" ]; then
  swift build -c release --scratch-path .build-ingest --product espice-analytics 2>&1 | grep -E "error|Compiling espice|Build" || true
  BIN=.build-ingest/release/espice-analytics
fi
[ -x "$BIN" ] || { echo "no binary at $BIN"; exit 1; }

mkdir -p analytics_data
WORK=$(mktemp -d "${BENCH_DIR:-analytics_data}/bench-ingest.XXXXXX")
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), disk: $(df -T "$WORK" | awk 'NR==2 {print $2" on "$1}')"
echo "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, keep-alive, on the same machine; load average before: $(cut -d" " -f1-3 /proc/loadavg)"

# Starts the daemon on a free port with ARGS; sets PID and PORT.
start_daemon() {
  local log="$WORK/daemon.log"
  : > "$log"
  LOG_LEVEL=info "$BIN" ingest --host 127.0.0.1 --port 0 "$@" > "$log" 2>&1 &
  PID=$!
  for _ in $(seq 1 200); do
    PORT=$(grep -o 'port=[0-9]*' "$log" | head -1 | cut -d= -f2 || true)
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "daemon did not start:"; cat "$log"; exit 1
}

stop_daemon() {
  kill -TERM "$PID"
  wait "$PID" || { echo "daemon exited non-zero"; exit 1; }
  PID=""
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }

peak_rss_mb() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }

# Runs wrk with a Lua script; prints its RESULT line (see the scripts in scripts/bench/).
run_wrk() {
  local script=$1 path=$2 connections=$3 duration=$4
  wrk -t"$THREADS" -c"$connections" -d"${duration}s" --timeout 10s -s "$LUA_DIR/$script" \
    "http://127.0.0.1:$PORT$path" | grep '^RESULT'
}

field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

health_count() { curl -s "http://127.0.0.1:$PORT/health" | grep -o '"events_stored":[0-9]*' | cut -d: -f2; }

# 1. fsync floor, raw: 2,000 inserts, each its own transaction, synchronous=FULL, WAL.
RAW_DB="$WORK/raw.db"
{
  echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
  echo "CREATE TABLE events (id INTEGER PRIMARY KEY, ts INTEGER, event_type TEXT, event_data TEXT);"
} | sqlite3 "$RAW_DB" >/dev/null
{
  echo "PRAGMA synchronous=FULL;"
  for i in $(seq 1 2000); do
    echo "INSERT INTO events (ts, event_type, event_data) VALUES ($i, 'document_processed', '{\"device_type\":\"GaN-HEMT\"}');"
  done
} > "$WORK/raw.sql"
start_ns=$(date +%s%N)
sqlite3 "$RAW_DB" < "$WORK/raw.sql" >/dev/null
end_ns=$(date +%s%N)
RAW_RATE=$(awk -v n=2000 -v ns=$((end_ns - start_ns)) 'BEGIN {printf "%.0f", n / (ns / 1e9)}')
echo
echo "fsync floor, raw sqlite3 (2000 single-insert transactions, synchronous=FULL): $RAW_RATE events/s"

# 2. fsync floor through the daemon: group commit off (one event per transaction).
start_daemon --db "$WORK/floor.db" --max-commit-events 1
run_wrk single.lua /api/analytics/track "$CONNECTIONS" 2 >/dev/null   # warm-up
FLOOR=$(run_wrk single.lua /api/analytics/track "$CONNECTIONS" "$DURATION")
FLOOR_RATE=$(field "$FLOOR" rate)
echo "fsync floor, daemon with --max-commit-events 1: $FLOOR_RATE events/s, p99 $(field "$FLOOR" p99_ms) ms, non-2xx $(field "$FLOOR" non2xx)"
stop_daemon

# 3. Single events, group commit, synchronous=FULL.
start_daemon --db "$WORK/single.db"
run_wrk single.lua /api/analytics/track "$CONNECTIONS" 2 >/dev/null   # warm-up
before=$(health_count)
ticks0=$(cpu_ticks)
SINGLE=$(run_wrk single.lua /api/analytics/track "$CONNECTIONS" "$DURATION")
ticks1=$(cpu_ticks)
after=$(health_count)
SINGLE_RATE=$(field "$SINGLE" rate)
SINGLE_RSS=$(peak_rss_mb)
echo
echo "single events, group commit, synchronous=FULL: $SINGLE_RATE acknowledged events/s"
echo "  latency p50 $(field "$SINGLE" p50_ms) ms, p99 $(field "$SINGLE" p99_ms) ms, max $(field "$SINGLE" max_ms) ms"
echo "  answered $(field "$SINGLE" requests), non-2xx $(field "$SINGLE" non2xx), socket errors $(field "$SINGLE" socket_errors); stored meanwhile: $((after - before))"
echo "  commit sizes: $(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^espice_ingest_commit_events_(sum|count)/ {v[$1]=$2} END {if (v["espice_ingest_commit_events_count"] > 0) printf "%.1f events per transaction on average (%d transactions)", v["espice_ingest_commit_events_sum"] / v["espice_ingest_commit_events_count"], v["espice_ingest_commit_events_count"]}')"
echo "  daemon CPU: $(awk -v t=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" -v n="$(field "$SINGLE" requests)" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}') µs per request (of 2 cores shared with wrk)"
echo "  daemon peak RSS: $SINGLE_RSS MB"
echo "  group commit vs the fsync floor: $(awk -v a="$SINGLE_RATE" -v b="$FLOOR_RATE" 'BEGIN {printf "%.1f", a / b}')x the daemon floor, $(awk -v a="$SINGLE_RATE" -v b="$RAW_RATE" 'BEGIN {printf "%.1f", a / b}')x the raw floor"
stop_daemon

# 4. Batch endpoint, 1,000 events per request.
start_daemon --db "$WORK/batch.db" --queue-capacity 100000
run_wrk batch.lua /api/analytics/track/batch "$BATCH_CONNECTIONS" 2 >/dev/null   # warm-up
ticks0=$(cpu_ticks)
BATCH=$(run_wrk batch.lua /api/analytics/track/batch "$BATCH_CONNECTIONS" "$DURATION")
ticks1=$(cpu_ticks)
BATCH_RSS=$(peak_rss_mb)
echo
echo "batch endpoint, 1000 events per request (-c$BATCH_CONNECTIONS): $(awk -v r="$(field "$BATCH" rate)" 'BEGIN {printf "%.0f", r * 1000}') events/s ($(field "$BATCH" rate) requests/s)"
echo "  latency p50 $(field "$BATCH" p50_ms) ms, p99 $(field "$BATCH" p99_ms) ms; non-2xx $(field "$BATCH" non2xx)"
echo "  daemon CPU: $(awk -v t=$((ticks1 - ticks0)) -v hz="$(getconf CLK_TCK)" -v n="$(field "$BATCH" requests)" 'BEGIN {printf "%.2f", t / hz * 1e6 / (n * 1000)}') µs per event"
echo "  daemon peak RSS: $BATCH_RSS MB"
stop_daemon
