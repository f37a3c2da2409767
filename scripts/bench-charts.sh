#!/usr/bin/env bash
# Chart rendering benchmark (issue 5): median of N renders of a 1200×600 line chart with
# 3 series × 90 points, written to a file, per format (SVG, PNG at 2×, PDF).
# Usage: scripts/bench-charts.sh [ITERATIONS]   (default 200; results go to docs/benchmarks.md by hand)
#   BIN=path/to/espice-analytics   use that (release) executable instead of building one
#   CHARTS_SCRATCH=DIR             scratch path of the release build (default .build-charts-rel)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-200}"
if [ -z "${BIN:-}" ]; then
  scratch="${CHARTS_SCRATCH:-.build-charts-rel}"
  swift build -c release --scratch-path "$scratch" --product espice-analytics >/dev/null
  BIN="$scratch/release/espice-analytics"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cairo $(pkg-config --modversion cairo), pango $(pkg-config --modversion pango), libpng $(pkg-config --modversion libpng)"
"$BIN" gallery "$out" --bench --iterations "$iterations"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
