#!/usr/bin/env bash
# Chart rendering benchmark (issue 5): median of N renders of a 1200×600 line chart with
# 3 series × 90 points, written to a file, per format (SVG, PNG at 2×, PDF).
# Usage: scripts/bench-charts.sh [ITERATIONS]   (default 200; results go to docs/benchmarks.md by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-200}"
scratch="${CHARTS_SCRATCH:-.build-charts}"
swift build -c release --scratch-path "$scratch" --product espice-analytics >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cairo $(pkg-config --modversion cairo), pango $(pkg-config --modversion pango), libpng $(pkg-config --modversion libpng)"
"$scratch/release/espice-analytics" gallery "$out" --bench --iterations "$iterations"
