#!/usr/bin/env bash
# Takeover benchmark (issue 15): `import OLD.db` of the original service's database. Writes the
# original's database once into bench-data/ with the original's own tools (Python's sqlite3 and
# json.dumps, Tests/Fixtures/original_service.py: random services, users, NaN values; times
# follow ids, as the service's CURRENT_TIMESTAMP wrote them — and, as a harder case, the same
# rows with random times), then measures with /usr/bin/time -v, in one run:
#   - the floor: the sqlite3 CLI reading the same table (SELECT * … to /dev/null);
#   - espice-analytics import of 1,000,000 original rows (target >= 200,000 events/s);
#   - the same of 2,000,000 rows (peak RSS must stay flat in the number of rows);
#   - a second import of the 1M file (nothing new: only the snapshot and configs are read).
# Usage: scripts/bench-takeover.sh        (BIN=path overrides the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --product espice-analytics >/dev/null
DATA=bench-data
mkdir -p "$DATA"
. scripts/measure.sh
FIXTURE=Tests/Fixtures/original_service.py

for n in 1000000 2000000; do
  if [ ! -s "$DATA/original-$n.db" ]; then
    echo "writing the original service's database with $n events into $DATA/ (once)…"
    python3 "$FIXTURE" create "$DATA/original-$n.db.tmp" --events "$n" --seed 15 --arrival-stamps
    mv "$DATA/original-$n.db.tmp" "$DATA/original-$n.db"
  fi
done
if [ ! -s "$DATA/original-random-times-1000000.db" ]; then
  python3 "$FIXTURE" create "$DATA/original-random-times-1000000.db.tmp" --events 1000000 --seed 15
  mv "$DATA/original-random-times-1000000.db.tmp" "$DATA/original-random-times-1000000.db"
fi


echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "binary:  $BIN"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
printf '%-46s %9s %9s %12s %9s %11s\n' "" "rows" "wall" "rate" "cpu" "peak RSS"

measure "floor: sqlite3 SELECT * FROM analytics_events" 1000005 \
  sqlite3 "$DATA/original-1000000.db" "SELECT * FROM analytics_events"
read -r floor_s _ <<<"$LAST"
before=$(sha256sum "$DATA/original-1000000.db" | cut -d' ' -f1)
DB=$DATA/bench-takeover.db
fresh "$DB"
measure "espice-analytics import OLD.db (1M rows)" 1000005 "$BIN" import "$DATA/original-1000000.db" --db "$DB"
read -r import_s import_rss <<<"$LAST"
measure "  again, nothing new" 0 "$BIN" import "$DATA/original-1000000.db" --db "$DB"
read -r again_s _ <<<"$LAST"
fresh "$DB"
measure "espice-analytics import OLD.db (2M rows)" 2000005 "$BIN" import "$DATA/original-2000000.db" --db "$DB"
read -r _ import2_rss <<<"$LAST"
fresh "$DB"
measure "  1M rows with random times (not the original's)" 1000005 "$BIN" import "$DATA/original-random-times-1000000.db" --db "$DB"
after=$(sha256sum "$DATA/original-1000000.db" | cut -d' ' -f1)
fresh "$DB"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at the end"

echo
verdict "takeover >= 200,000 events/s" "1000005 / $import_s >= 200000"
echo "  ratio   takeover / sqlite3 scan: $(awk -v a="$import_s" -v b="$floor_s" 'BEGIN { printf "%.1f", a / b }')×"
verdict "peak RSS flat in rows (2M within 10 % of 1M)" "$import2_rss <= $import_rss * 1.10"
verdict "a second import with nothing new <= 1 s" "$again_s <= 1"
verdict "source byte-identical" "\"$before\" == \"$after\""
