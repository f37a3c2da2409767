#!/usr/bin/env bash
# Runs every benchmark: each scripts/bench-*.sh present, in name order (`make bench` calls this).
# Each script prints its own figures; this one stops at the first that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
for script in scripts/bench-*.sh; do
  [ -e "$script" ] || continue
  echo
  echo "=== $script"
  bash "$script"
done
