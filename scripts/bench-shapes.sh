#!/usr/bin/env bash
# Data shapes benchmark (issue 16): the costs on data the demo does not make — events arriving in
# random time order, a tenth of them out of order, 200,000 distinct users, late events, and events
# written by plain Python (scripts/bench/foreign-events.py: random order, 200,000 skewed users) —
# each beside the floor measured in the same run on the same database:
#   sqlite3 DB 'SELECT event_type, count(*) FROM events GROUP BY 1'
# Rows: import of NDJSON in time order and the same lines shuffled by coreutils' shuf; 20 reports
# cold (`report all --full`) and warm for each shape, and the site build of the 200,000-user one;
# +1 % late events (times over the last 95 days): their import rate and the `report all` refresh
# that folds them.
# Usage: scripts/bench-shapes.sh [EVENTS...]   (default: 1000000 and 10000000, as `make bench` runs it;
# BIN=path overrides the binary). The 10M shapes take ~2 GB of disk each under bench-data/.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib --product espice-analytics >/dev/null
DATA=bench-data
mkdir -p "$DATA"
. scripts/measure.sh
AS_OF=2026-11-27T13:47:12Z
ISO="strftime('%Y-%m-%dT%H:%M:%fZ', ts / 1000.0, 'unixepoch')"

floor() {  # seconds of the sqlite3 GROUP BY scan of DB (the second of two: the file read in)
  local start end
  sqlite3 "$1" "SELECT event_type, count(*) FROM events GROUP BY 1" >/dev/null
  start=$(date +%s.%N)
  sqlite3 "$1" "SELECT event_type, count(*) FROM events GROUP BY 1" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
reports() {  # label db events [--full]: one `report all` run, with the ratio to the floor
  local label=$1 db=$2 n=$3; shift 3
  local out; out=$(mktemp -d)
  measure "$label" "$n" "$BIN" report all --range 1d,7d,30d,90d,all --as-of "$AS_OF" --db "$db" -o "$out" "$@"
  rm -rf "$out"
  read -r seconds rss <<<"$LAST"
  echo "    = $(ratio "$seconds" "$FLOOR") the scan ($FLOOR s), peak RSS $(( rss / 1024 )) MB"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "binary:  $BIN"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
for n in "${@:-1000000 10000000}"; do
  echo
  echo "=== $n events"
  printf '%-46s %9s %9s %12s %9s %11s\n' "" "events" "wall" "rate" "cpu" "peak RSS"
  # --- import: time order vs random order ------------------------------------------------------
  src=$DATA/shapes-$n-source.db
  if [ ! -s "$DATA/shapes-$n-ordered.ndjson" ]; then
    "$BIN" demo --events "$n" --days 90 --seed 11 --as-of 2026-11-28T00:00:00Z --db "$src" --replace --no-site >/dev/null
    sqlite3 -batch "$src" "SELECT json_object('event_type', event_type, 'event_data', json(event_data),
        'service_name', service_name, 'user_id', user_id, 'timestamp', $ISO) FROM events ORDER BY id" \
      > "$DATA/shapes-$n-ordered.ndjson"
    shuf --random-source=<(yes) "$DATA/shapes-$n-ordered.ndjson" > "$DATA/shapes-$n-shuffled.ndjson"
    fresh "$src"
  fi
  db=$DATA/shapes-import.db
  fresh "$db"
  measure "import NDJSON, time order" "$n" "$BIN" import --db "$db" "$DATA/shapes-$n-ordered.ndjson"
  read -r ordered_s _ <<<"$LAST"
  fresh "$db"
  measure "import NDJSON, random order (shuf)" "$n" "$BIN" import --db "$db" "$DATA/shapes-$n-shuffled.ndjson"
  read -r shuffled_s _ <<<"$LAST"
  echo "    = $(ratio "$shuffled_s" "$ordered_s") the ordered import (goal ≤ 1.5×)"
  fresh "$db"

  # --- reports on each shape -------------------------------------------------------------------
  for shape in "time-order:" "random-order:--shuffle" "tenth-out-of-order:--out-of-order 10" "200k-users:--users 200000"; do
    name=${shape%%:*}; flags=${shape#*:}
    db=$DATA/shapes-$n-$name.db
    # shellcheck disable=SC2086
    [ -s "$db" ] || "$BIN" demo --events "$n" --days 90 --seed 7 --as-of 2026-11-28T00:00:00Z $flags --db "$db" --replace --no-site >/dev/null
    "$BIN" db migrate --db "$db" >/dev/null  # a database kept from an older build: not timed
    FLOOR=$(floor "$db")
    reports "20 reports cold, $name" "$db" "$n" --full
    [ "$name" = random-order ] && cold_random=${LAST%% *}
    reports "20 reports warm, $name" "$db" "$n"
    if [ "$name" = 200k-users ]; then
      # The site of that shape into an empty output (the rollups are folded): its user_activity
      # downloads hold a row per user and day (goal ≤ 8 s at 1M, issue 16).
      site=$(mktemp -d)
      measure "site build (empty output), $name" "$n" "$BIN" build --db "$db" --output "$site/out" --as-of "$AS_OF" --quiet
      rm -rf "$site"
    fi
  done

  # --- events demo did not make: plain Python, random order, 200,000 skewed users ---------------
  foreign=$DATA/shapes-$n-foreign.ndjson
  [ -s "$foreign" ] || python3 scripts/bench/foreign-events.py "$n" "$foreign"
  db=$DATA/shapes-$n-foreign.db
  fresh "$db"
  measure "import NDJSON, foreign (Python, random order)" "$n" "$BIN" import --db "$db" "$foreign"
  sync  # the import's writeback (240 MB at 1M) would run beside the timed reports
  FLOOR=$(floor "$db")
  reports "20 reports cold, foreign 200k skewed users" "$db" "$n" --full
  reports "20 reports warm, foreign 200k skewed users" "$db" "$n"
  fresh "$db"

  # --- +1 % late events ------------------------------------------------------------------------
  db=$DATA/shapes-$n-random-order.db
  late=$DATA/shapes-$n-late.ndjson
  if [ ! -s "$late" ]; then
    "$BIN" demo --events "$n" --days 95 --seed 5 --late 1 --as-of 2026-11-27T13:00:00Z --db "$DATA/late-src.db" --replace --no-site >/dev/null
    sqlite3 -batch "$DATA/late-src.db" "SELECT json_object('event_type', event_type, 'event_data', json(event_data),
        'service_name', service_name, 'user_id', user_id, 'timestamp', $ISO) FROM events WHERE id > $n ORDER BY id" > "$late"
    fresh "$DATA/late-src.db"
  fi
  cp "$db" "$DATA/shapes-late.db"
  sync  # else the copy's writeback (2 GB at 10M) runs beside the timed import and refresh
  FLOOR=$(floor "$DATA/shapes-late.db")
  measure "import +1 % late events" "$(wc -l < "$late")" "$BIN" import --db "$DATA/shapes-late.db" "$late"
  reports "20 reports after +1 % late, random order" "$DATA/shapes-late.db" "$n"
  echo "    = $(awk -v a="${LAST%% *}" -v b="$cold_random" 'BEGIN { printf "%.1f", 100 * a / b }') % of the cold random-order run above (goal ≤ 10 % at 10M)"
  fresh "$DATA/shapes-late.db"
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the end"
