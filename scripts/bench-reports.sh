#!/usr/bin/env bash
# Report engine benchmark (issue 4): all four reports × five ranges (1d, 7d, 30d, 90d, all) in one
# `report all` process from a demo database — cold (rollups rebuilt with --full), warm (nothing new),
# and after appending 1 % new events (one run that folds them and recomputes all 20; five such
# appends and refreshes in a row, the median) — beside the sqlite3 CLI doing one full GROUP BY
# scan of the same table (the floor). Peak RSS from /usr/bin/time. Usage: scripts/bench-reports.sh [EVENTS...]
# (default 1000000; `scripts/bench-reports.sh 1000000 10000000` adds the 10M run, ~2 GB of disk).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib --product espice-analytics >/dev/null
mkdir -p bench-data
AS_OF=2026-11-27T13:47:12Z
RANGES=1d,7d,30d,90d,all

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

# Prints "seconds peak-RSS-KiB" of one `report all` run; extra arguments (e.g. --full) are passed on.
run_all() {
  local db="$1" out; shift
  out=$(mktemp -d)
  local result
  result=$( { /usr/bin/time -f "%e %M" "$BIN" report all --range "$RANGES" --as-of "$AS_OF" --db "$db" -o "$out" "$@"; } 2>&1 | tail -n 1)
  [ "$(ls "$out" | wc -l)" -eq 20 ] || { echo "expected 20 report files in $out" >&2; exit 1; }
  rm -rf "$out"
  echo "$result"
}

for n in "${@:-1000000}"; do
  db=bench-data/reports-$n.db
  if [ ! -f "$db" ]; then
    "$BIN" demo --events "$n" --days 90 --seed 7 --as-of 2026-11-28T00:00:00Z --db "$db" --replace --no-site >/dev/null
  fi
  # The +1 % run below appends rows: start each run from the demo's own events.
  sqlite3 "$db" "DELETE FROM events WHERE id > $n; PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  start=$(now)
  sqlite3 "$db" "SELECT event_type, count(*) FROM events GROUP BY 1" >/dev/null
  floor=$(elapsed "$start" "$(now)")
  read -r cold cold_rss < <(run_all "$db" --full)
  read -r warm warm_rss < <(run_all "$db")
  # Append 1 % new events (copies of the latest rows, one minute later, new ids), then refresh
  # everything: one `report all` run that folds the new events into the rollups and computes the
  # 20 reports (the warm run above is the same without the fold). A run of a third of a second
  # moves with the host's speed, so this is done five times in a row — as events keep arriving:
  # each time 1 % of the demo's events more, then a refresh — and the median counts; all five
  # are printed.
  refreshes=()
  refresh_rss=0
  for attempt in 1 2 3 4 5; do
    sqlite3 "$db" "INSERT INTO events (ts, received_at, event_type, service_name, user_id, event_data, device_type,
        processing_time_ms, file_size_mb, error_type, error_message, error_service, model_complexity, parameters_extracted)
      SELECT ts + 60000, received_at, event_type, service_name, user_id, event_data, device_type, processing_time_ms,
        file_size_mb, error_type, error_message, error_service, model_complexity, parameters_extracted
      FROM events ORDER BY id DESC LIMIT $((n / 100))"
    sync
    read -r seconds rss < <(run_all "$db")
    refreshes+=("$seconds")
    [ "$rss" -gt "$refresh_rss" ] && refresh_rss=$rss
  done
  refresh=$(printf '%s\n' "${refreshes[@]}" | sort -n | sed -n 3p)
  printf '%s events: sqlite3 full scan %.2f s | 20 reports cold %.2f s (%.1f× scan), peak RSS %d MiB | warm %.2f s, peak RSS %d MiB | after +1%% events: fold + 20 reports median %.2f s (%s) = %.1f%% of cold, peak RSS %d MiB | load %s\n' \
    "$n" "$floor" "$cold" "$(echo "$cold / $floor" | bc -l)" "$((cold_rss / 1024))" "$warm" "$((warm_rss / 1024))" "$refresh" \
    "${refreshes[*]}" "$(echo "$refresh * 100 / $cold" | bc -l)" "$((refresh_rss / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
