#!/usr/bin/env bash
# Report engine benchmark (issue 4): all four reports × five ranges from a demo database,
# cold (rollups rebuilt) and after appending 1 % new events, beside the sqlite3 CLI doing one
# full GROUP BY scan of the same table (the floor). Usage: scripts/bench-reports.sh [EVENTS...]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --product espice-analytics >/dev/null
mkdir -p bench-data
AS_OF=2026-11-27T13:47:12Z
TYPES="processing_performance business_intelligence error_analysis user_activity"
RANGES="1d 7d 30d 90d all"

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

# Runs every report once; the first call passes $1 (e.g. --full). Prints seconds and peak RSS (KiB).
run_all() {
  local first="$1" db="$2" start peak=0 rss
  start=$(now)
  for t in $TYPES; do
    for r in $RANGES; do
      rss=$( { /usr/bin/time -f "%M" "$BIN" report "$t" --range "$r" --as-of "$AS_OF" --db "$db" -o /dev/null $first; } 2>&1 | tail -n 1)
      [ "$rss" -gt "$peak" ] && peak=$rss
      first=""
    done
  done
  echo "$(elapsed "$start" "$(now)") $peak"
}

for n in "${@:-1000000}"; do
  db=bench-data/reports-$n.db
  if [ ! -f "$db" ]; then
    "$BIN" demo --events "$n" --days 90 --seed 7 --as-of 2026-11-28T00:00:00Z --db "$db" --replace >/dev/null
  fi
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  start=$(now)
  sqlite3 "$db" "SELECT event_type, count(*) FROM events GROUP BY 1" >/dev/null
  floor=$(elapsed "$start" "$(now)")
  read -r cold cold_rss < <(run_all --full "$db")
  read -r warm warm_rss < <(run_all "" "$db")
  # Append 1 % new events (copies of recent rows with new ids), then refresh everything.
  sqlite3 "$db" "INSERT INTO events (ts, received_at, event_type, service_name, user_id, event_data, device_type,
      processing_time_ms, file_size_mb, error_type, error_message, error_service, model_complexity, parameters_extracted)
    SELECT ts + 60000, received_at, event_type, service_name, user_id, event_data, device_type, processing_time_ms,
      file_size_mb, error_type, error_message, error_service, model_complexity, parameters_extracted
    FROM events ORDER BY id DESC LIMIT $((n / 100))"
  read -r incremental inc_rss < <(run_all "" "$db")
  printf '%s events: sqlite3 full scan %.2f s | 20 reports cold %.2f s (%.1f× scan), peak RSS %d MiB | warm %.2f s | after +1%% events %.2f s (%.1f%% of cold), peak RSS %d MiB\n' \
    "$n" "$floor" "$cold" "$(echo "$cold / $floor" | bc -l)" "$((cold_rss / 1024))" "$warm" "$incremental" \
    "$(echo "$incremental * 100 / $cold" | bc -l)" "$((inc_rss / 1024))"
done
