#!/usr/bin/env bash
# Site build benchmark (issue 6): full build — 4 reports × 4 ranges, every chart in SVG + PNG +
# PDF, every export — from a demo database, cold (rollups rebuilt) and with nothing changed.
# Usage: scripts/bench-build.sh [EVENTS...]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/espice-analytics}
[ -x "$BIN" ] || swift build -c release --static-swift-stdlib --product espice-analytics >/dev/null
mkdir -p bench-data
AS_OF=2026-11-27T13:47:12Z

for n in "${@:-1000000}"; do
  db=bench-data/site-$n.db
  out=bench-data/site-$n-output
  [ -f "$db" ] || "$BIN" demo --events "$n" --days 90 --seed 7 --as-of 2026-11-28T00:00:00Z --db "$db" --replace --no-site >/dev/null
  rm -rf "$out"  # cold: nothing published yet, so nothing can be reused
  cold=$( { /usr/bin/time -f "%e %M" "$BIN" build --db "$db" --output "$out" --as-of "$AS_OF" --full --quiet; } 2>&1 | tail -n 1)
  warm=$( { /usr/bin/time -f "%e %M" "$BIN" build --db "$db" --output "$out" --as-of "$AS_OF" --quiet; } 2>&1 | tail -n 1)
  files=$(find "$out" -type f | wc -l)
  printf '%s events: cold build %s s (peak RSS %d MiB), nothing changed %s s (peak RSS %d MiB), %s files, %s\n' \
    "$n" "${cold% *}" "$(( ${cold#* } / 1024 ))" "${warm% *}" "$(( ${warm#* } / 1024 ))" "$files" "$(du -sh "$out" | cut -f1)"
done
