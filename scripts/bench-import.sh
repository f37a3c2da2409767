#!/usr/bin/env bash
# Import and demo benchmark (issue 2). Generates the data once into bench-data/ (a demo database
# exported by the sqlite3 CLI as NDJSON and CSV), then measures with /usr/bin/time -v:
#   - espice-analytics import of 1,000,000 NDJSON events (targets: >= 250,000 events/s, peak RSS
#     <= 150 MB), beside the sqlite3 CLI's `.import` of the same rows from CSV (the floor);
#   - the same import of 2,000,000 events (peak RSS must not grow with file size);
#   - espice-analytics demo --events 1000000 --no-site: generate and store (target: <= 8 s).
# Usage: scripts/bench-import.sh          (BIN=path overrides the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --product espice-analytics >/dev/null
DATA=bench-data
mkdir -p "$DATA"
. scripts/measure.sh

# --- data, made once --------------------------------------------------------------------------
SOURCE=$DATA/import-source.db
ISO="strftime('%Y-%m-%dT%H:%M:%fZ', ts / 1000.0, 'unixepoch')"
if [ ! -s "$DATA/events-2m.ndjson" ] || [ ! -s "$DATA/events-1m.csv" ]; then
  echo "generating 2,000,000 demo events into $DATA/ (once)…"
  "$BIN" demo --events 2000000 --days 90 --seed 11 --as-of 2026-11-01T00:00:00Z --db "$SOURCE" --replace --no-site >/dev/null
  sqlite3 -batch "$SOURCE" "SELECT json_object('event_type', event_type, 'event_data', json(event_data),
      'service_name', service_name, 'user_id', user_id, 'timestamp', $ISO) FROM events ORDER BY id" \
    > "$DATA/events-2m.ndjson"
  head -n 1000000 "$DATA/events-2m.ndjson" > "$DATA/events-1m.ndjson"
  sqlite3 -batch -csv -header "$SOURCE" "SELECT event_type, $ISO AS timestamp, service_name, user_id, event_data
      FROM events ORDER BY id LIMIT 1000000" > "$DATA/events-1m.csv"
  rm -f "$SOURCE" "$SOURCE-wal" "$SOURCE-shm"
fi

# --- measuring --------------------------------------------------------------------------------


echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "binary:  $BIN"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine slows the wall-clock figures)"
printf '%-46s %9s %9s %12s %9s %11s\n' "" "events" "wall" "rate" "cpu" "peak RSS"

DB=$DATA/bench-import.db
fresh "$DB"
measure "espice-analytics import (NDJSON, 1M)" 1000000 "$BIN" import --db "$DB" "$DATA/events-1m.ndjson"
read -r import_s import_rss <<<"$LAST"

FLOOR=$DATA/bench-floor.db
fresh "$FLOOR"
sqlite3 "$FLOOR" "PRAGMA journal_mode=WAL; CREATE TABLE events (event_type TEXT, timestamp TEXT,
  service_name TEXT, user_id TEXT, event_data TEXT)" >/dev/null
measure "floor: sqlite3 .import (CSV, same 1M rows)" 1000000 \
  sqlite3 "$FLOOR" "PRAGMA synchronous=NORMAL" ".import --csv --skip 1 $DATA/events-1m.csv events"

fresh "$DB"
measure "espice-analytics import (NDJSON, 2M)" 2000000 "$BIN" import --db "$DB" "$DATA/events-2m.ndjson"
read -r _ import2_rss <<<"$LAST"

DEMO=$DATA/bench-demo.db
fresh "$DEMO"
measure "espice-analytics demo --events 1000000" 1000000 "$BIN" demo --events 1000000 --db "$DEMO" --replace --no-site
read -r demo_s _ <<<"$LAST"
fresh "$DB"; fresh "$FLOOR"; fresh "$DEMO"

echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the end"

# --- targets ----------------------------------------------------------------------------------
echo
verdict "import >= 250,000 events/s" "1000000 / $import_s >= 250000"
verdict "import peak RSS <= 150 MB" "$import_rss / 1024 <= 150"
verdict "peak RSS not growing with file size (2M within 10 % of 1M)" "$import2_rss <= $import_rss * 1.10"
verdict "demo --events 1000000 <= 8 s" "$demo_s <= 8"
