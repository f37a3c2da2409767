#!/usr/bin/env bash
# Nightly refresh of a busy year (issue 16): a 100M-event database, its rollups folded, gets a
# day's 300,000 new events; the nightly `build` folds them and publishes the site. Measured:
# that build (wall, CPU, peak RSS; goal ≤ 10 s and ≤ 250 MB), beside the sqlite3 scan of the new
# day's events and the one-time cold fold of the year.
#
# The year is made from the 10M-event, 200,000-user database of bench-shapes.sh (90 days in time
# order): ten copies, copy k shifted by k × 30 days, inserted copy after copy (ids in time order
# within a copy, so the year has ten overlapping runs, as merged archives would) — ~360 days.
# The new day: 300,000 events of the source database, in id order, spread over the day after the
# year's last event (one every 288 ms, as the ingest daemon would have written them that day).
# Usage: scripts/bench-year.sh [SOURCE_DB]   BIN=path overrides the binary.
# Needs ~25 GB of disk under bench-data/ (the year stays there for later runs).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib --product espice-analytics >/dev/null
DATA=bench-data
. scripts/measure.sh
SOURCE=${1:-$DATA/shapes-10000000-200k-users.db}
YEAR=$DATA/year-100m.db
DAY=86400000
COLUMNS="ts, received_at, event_type, service_name, user_id, event_data, device_type, processing_time_ms, file_size_mb,
    error_type, error_message, error_service, model_complexity, parameters_extracted"
[ -s "$SOURCE" ] || { echo "bench-year: $SOURCE is missing (scripts/bench-shapes.sh 10000000 makes it; make bench runs that first)" >&2; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "binary:  $BIN"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
if [ ! -s "$YEAR" ]; then
  echo "making the year: ten shifted copies of $SOURCE"
  fresh "$YEAR.tmp"
  cp "$SOURCE" "$YEAR.tmp"
  # The copy's own rollups are dropped with the rest of its state: the year is folded cold below.
  for k in 1 2 3 4 5 6 7 8 9; do
    sqlite3 "$YEAR.tmp" "ATTACH '$SOURCE' AS src;
      INSERT INTO events ($COLUMNS) SELECT ts + $k * 30 * $DAY, received_at + $k * 30 * $DAY, event_type, service_name,
        user_id, event_data, device_type, processing_time_ms, file_size_mb, error_type, error_message, error_service,
        model_complexity, parameters_extracted FROM src.events ORDER BY id;"
  done
  mv "$YEAR.tmp" "$YEAR"
fi
count=$(sqlite3 "$YEAR" "SELECT count(*) FROM events")
last=$(sqlite3 "$YEAR" "SELECT max(ts) FROM events")
echo "year:    $count events, $(sqlite3 "$YEAR" "SELECT (max(ts) - min(ts)) / $DAY FROM events") days, $(du -h "$YEAR" | cut -f1)"
AS_OF=$(date -u -d "@$(( (last / DAY + 1) * DAY / 1000 ))" +%Y-%m-%dT00:00:00Z)

printf '%-46s %9s %9s %12s %9s %11s\n' "" "events" "wall" "rate" "cpu" "peak RSS"
# Once: the year's rollups folded cold (every later night starts from these).
if [ "$(sqlite3 "$YEAR" "SELECT count(*) FROM sqlite_master WHERE name = 'rollup_state'")" = 0 ] \
  || [ "$(sqlite3 "$YEAR" "SELECT coalesce(max(watermark), 0) FROM rollup_state")" -lt "$(sqlite3 "$YEAR" "SELECT max(id) FROM events")" ]; then
  # Only the 1d reports: the fold is what is measured, not the writing of a year of user-days.
  measure "fold the year cold (report all --range 1d --full, once)" "$count" "$BIN" report all --range 1d \
    --as-of "$AS_OF" --db "$YEAR" -o "$DATA/year-reports" --full
fi

# The site as published before tonight (built once, then kept under bench-data/), so that the
# nightly build reuses what it can, as it would on a server.
site=$DATA/year-100m-site
if [ ! -d "$site" ]; then
  measure "site of the year (build, once)" "$count" "$BIN" build --db "$YEAR" --output "$site" \
    --as-of "$(date -u -d "@$(( (last / DAY + 1) * DAY / 1000 ))" +%Y-%m-%dT00:00:00Z)" --quiet
fi

# Tonight: the day after the last event gets 300,000 events, then the nightly build. Each run
# adds another day to the year (100.3M events after the first run, 100.6M after the second …).
next_day=$(( (last / DAY + 1) * DAY ))
sqlite3 "$YEAR" "ATTACH '$SOURCE' AS src;
  INSERT INTO events ($COLUMNS) SELECT $next_day + (id - 1) * 288, $next_day + (id - 1) * 288,
    event_type, service_name, user_id, event_data, device_type, processing_time_ms, file_size_mb, error_type, error_message,
    error_service, model_complexity, parameters_extracted FROM src.events WHERE id <= 300000 ORDER BY id;"
# The day's events by the time index, as the build reads them (events_by_bucket indexes ts >> 22:
# `ts >= X` alone would scan all 100M rows).
day="ts >> 22 >= ($next_day >> 22) AND ts >= $next_day"
sqlite3 "$YEAR" "SELECT count(*) FROM events WHERE $day" >/dev/null  # the new pages read in
start=$(date +%s.%N)
sqlite3 "$YEAR" "SELECT event_type, count(*) FROM events WHERE $day GROUP BY 1" >/dev/null
floor=$(echo "$(date +%s.%N) - $start" | bc)
AS_OF=$(date -u -d "@$(( (next_day + DAY) / 1000 ))" +%Y-%m-%dT00:00:00Z)
measure "nightly build: fold 300,000 new events + site" 300000 "$BIN" build --db "$YEAR" --output "$site" --as-of "$AS_OF" --quiet
read -r seconds rss <<<"$LAST"
echo "    = $(awk -v a="$seconds" -v b="$floor" 'BEGIN { printf "%.1f×", a / b }') the sqlite3 scan of the new day ($floor s), peak RSS $(( rss / 1024 )) MB"
verdict "nightly build ≤ 10 s" "$seconds <= 10"
verdict "nightly build ≤ 250 MB" "$rss <= 250 * 1024"
echo "site:    $(find "$site" -type f | wc -l) files, $(du -sh "$site" | cut -f1); year now $(sqlite3 "$YEAR" "SELECT count(*) FROM events") events"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the end"
