#!/usr/bin/env bash
# PostgreSQL benchmark (issue 17), every row beside its SQLite counterpart or its floor in the
# same run, on the throwaway server of scripts/start-postgres.sh (loopback, same two cores):
#   - single-event ingest (wrk, scripts/bench/single.lua): one daemon on SQLite, one daemon on
#     PostgreSQL, two daemons on one PostgreSQL database (two wrk at once, their rates summed);
#   - import of an NDJSON file: COPY into PostgreSQL beside the same file into SQLite;
#   - 20 reports (`report all --range 1d,7d,30d,90d,all`) on the PostgreSQL URL: cold (a new
#     builder cache: copying every event, then the fold) and refreshed after 1 % more events
#     arrive, beside psql doing the scan `SELECT event_type, count(*) FROM events GROUP BY 1`.
# Usage: scripts/bench-postgres.sh [EVENTS]   (default 1000000; needs bench-data/shapes-EVENTS-ordered.ndjson
# from scripts/bench-shapes.sh). Settings: DURATION (s, default 8), BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib --product espice-analytics >/dev/null
N=${1:-1000000}
DURATION=${DURATION:-8}
DATA=bench-data
SOURCE=$DATA/shapes-$N-ordered.ndjson
[ -s "$SOURCE" ] || { echo "bench-postgres: $SOURCE is missing (scripts/bench-shapes.sh $N makes it)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench-postgres: wrk is missing: scripts/install-deps.sh --bench" >&2; exit 1; }
. scripts/measure.sh
eval "$(scripts/start-postgres.sh)"
SERVER=${ESPICE_TEST_POSTGRES_URL%/*}
WORK=$(mktemp -d "$DATA/bench-postgres.XXXXXX")
PIDS=()
DATABASES=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for db in "${DATABASES[@]}"; do psql -q "$ESPICE_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
# database NAME: a fresh PostgreSQL database; its URL in URL.
database() {
  psql -q "$ESPICE_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  DATABASES+=("$1")
  URL="$SERVER/$1"
}
# daemon ARGS...: starts `ingest` on a free port; its port in PORT, its PID added to PIDS.
daemon() {
  local log; log=$(mktemp "$WORK/daemon.XXXXXX")
  LOG_LEVEL=info "$BIN" ingest --host 127.0.0.1 --port 0 "$@" > "$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 400); do
    PORT=$(grep -o 'port=[0-9]*' "$log" | head -1 | cut -d= -f2 || true)
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "bench-postgres: a daemon did not start:" >&2; cat "$log" >&2; exit 1
}
wrk_rate() {  # PORT CONNECTIONS: acknowledged events/s and p99 of single events for DURATION
  wrk -t1 -c"$2" -d"${DURATION}s" --timeout 10s -s scripts/bench/single.lua "http://127.0.0.1:$1/api/analytics/track" | grep '^RESULT'
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
stop_all() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "binary:  $BIN; PostgreSQL $(psql -At "$ESPICE_TEST_POSTGRES_URL" -c 'SHOW server_version') on 127.0.0.1 (scripts/start-postgres.sh)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"

echo
echo "--- single-event ingest, wrk -c64 for ${DURATION}s (-c32 each against two daemons)"
daemon --db "$WORK/ingest.db"; wrk_rate "$PORT" 64 >/dev/null
sqlite_run=$(wrk_rate "$PORT" 64); stop_all
echo "SQLite, one daemon:             $(field "$sqlite_run" rate) events/s, p99 $(field "$sqlite_run" p99_ms) ms, non-2xx $(field "$sqlite_run" non2xx)"
database espice_bench_ingest
daemon --db "$URL" --cache "$WORK/cache-a.db"; wrk_rate "$PORT" 64 >/dev/null
one=$(wrk_rate "$PORT" 64); stop_all
echo "PostgreSQL, one daemon:         $(field "$one" rate) events/s, p99 $(field "$one" p99_ms) ms, non-2xx $(field "$one" non2xx)"
daemon --db "$URL" --cache "$WORK/cache-a.db"; a=$PORT
daemon --db "$URL" --cache "$WORK/cache-b.db"; b=$PORT
wrk_rate "$a" 32 > "$WORK/a.txt" & first=$!
wrk_rate "$b" 32 > "$WORK/b.txt"
wait "$first"
two_a=$(cat "$WORK/a.txt"); two_b=$(cat "$WORK/b.txt"); stop_all
echo "PostgreSQL, two daemons:        $(( $(field "$two_a" rate) + $(field "$two_b" rate) )) events/s ($(field "$two_a" rate) + $(field "$two_b" rate)), p99 $(field "$two_a" p99_ms) / $(field "$two_b" p99_ms) ms, non-2xx $(( $(field "$two_a" non2xx) + $(field "$two_b" non2xx) ))"
url=$URL
stored=$(psql -At "$url" -c "SELECT count(*) FROM events")
echo "  events in PostgreSQL afterwards: $stored (psql)"

echo
echo "--- import of $N events (NDJSON, time order) and 20 reports"
printf '%-46s %9s %9s %12s %9s %11s\n' "" "events" "wall" "rate" "cpu" "peak RSS"
fresh "$WORK/import.db"
measure "import into SQLite" "$N" "$BIN" import --db "$WORK/import.db" "$SOURCE"
database espice_bench_reports
url=$URL
measure "import into PostgreSQL (COPY)" "$N" "$BIN" import --db "$url" "$SOURCE"
psql -At "$url" -c "SELECT event_type, count(*) FROM events GROUP BY 1" >/dev/null  # read in
start=$(date +%s.%N)
psql -At "$url" -c "SELECT event_type, count(*) FROM events GROUP BY 1" >/dev/null
floor=$(echo "$(date +%s.%N) - $start" | bc)
AS_OF=2026-11-27T13:47:12Z
cache=$WORK/builder-cache.db
out=$WORK/reports
measure "20 reports cold (new cache: copy + fold)" "$N" "$BIN" report all --range 1d,7d,30d,90d,all --as-of "$AS_OF" \
  --db "$url" --cache "$cache" -o "$out"
read -r seconds _ <<<"$LAST"
echo "    = $(awk -v a="$seconds" -v b="$floor" 'BEGIN { printf "%.1f×", a / b }') the psql scan ($floor s)"
head -n $(( N / 100 )) "$SOURCE" > "$WORK/more.ndjson"
"$BIN" import --db "$url" "$WORK/more.ndjson" >/dev/null
measure "20 reports after 1 % more events" "$N" "$BIN" report all --range 1d,7d,30d,90d,all --as-of "$AS_OF" \
  --db "$url" --cache "$cache" -o "$out"
read -r seconds _ <<<"$LAST"
echo "    = $(awk -v a="$seconds" -v b="$floor" 'BEGIN { printf "%.1f×", a / b }') the psql scan ($floor s)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the end"
