#!/usr/bin/env bash
# PDF documents benchmark (issue 7): wall time and peak RSS of `report TYPE --format pdf` against
# the same command with --format json (the difference is the PDF's own cost), on a demo database.
# Usage: scripts/bench-documents.sh [EVENTS] [RUNS]   (default 1000000 events, 5 runs; median shown)
# Results go to docs/benchmarks.md ("## PDF documents") by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
runs="${2:-5}"
scratch="${DOCS_SCRATCH:-.build-docs}"
swift build -c release --scratch-path "$scratch" --product espice-analytics >/dev/null
bin="$scratch/release/espice-analytics"
mkdir -p bench-data
db="bench-data/documents-$events.db"
asof="2026-11-28T00:00:00Z"
if [ ! -f "$db" ]; then
  "$bin" demo --events "$events" --no-site --db "$db" >/dev/null
fi
"$bin" report processing_performance --db "$db" --range 7d --as-of "$asof" >/dev/null  # fold rollups once
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cairo $(pkg-config --modversion cairo), pango $(pkg-config --modversion pango); demo database: $events events"

# median wall ms and max RSS (MB) of N runs of a command
measure() {
  local times=() rss=0
  for _ in $(seq "$runs"); do
    local start end r
    start=$(date +%s%N)
    r=$( { /usr/bin/time -f "%M" "$@" >/dev/null; } 2>&1 | tail -1 )
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    [ "$r" -gt "$rss" ] && rss=$r
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$median ms, max RSS $(( rss / 1024 )) MB"
}

for spec in "processing_performance 7d" "error_analysis 30d" "business_intelligence 30d" "user_activity 7d" "user_activity 90d"; do
  set -- $spec
  json=$(measure "$bin" report "$1" --db "$db" --range "$2" --as-of "$asof" --format json -o "$out/r.json")
  pdf=$(measure "$bin" report "$1" --db "$db" --range "$2" --as-of "$asof" --format pdf -o "$out/r.pdf")
  pages=$(pdfinfo "$out/r.pdf" | awk '/^Pages:/ {print $2}')
  echo "$1 $2: $pages pages; json $json; pdf $pdf"
done
