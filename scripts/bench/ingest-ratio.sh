#!/usr/bin/env bash
# Single-event ingest against GET /health on the same daemon, for one or more builds side by side
# (issue 16, item 3: goal ≥ 0.65×): for each ROUND, each BIN in turn starts a daemon on a copy of
# one database, then wrk -t2 -c64 runs /health and single events for DURATION s each, in SLICES
# alternating slices (health, single, health, single, …), so that both see the same moments of
# a shared host whose speed drifts from second to second. The line shows both rates (requests
# over seconds, summed over the slices), their ratio, and the cores the daemon and the whole
# machine used. SLICES=1 runs each for DURATION s in one go, as before.
# Usage: scripts/bench/ingest-ratio.sh BIN [BIN...]   (ROUNDS=3, DURATION=6, SLICES=3, EVENTS=300000)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-6}; SLICES=${SLICES:-3}; EVENTS=${EVENTS:-300000}
SLICE=$(awk -v d="$DURATION" -v s="$SLICES" 'BEGIN {n = int(d / s); print (n < 1 ? 1 : n)}')  # whole seconds: wrk takes no fractions
WORK=$(mktemp -d); PID=""
cleanup() { if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
"$1" demo --events "$EVENTS" --days 90 --seed 7 --as-of 2026-11-28T00:00:00Z --shuffle --db "$WORK/seed.db" --no-site >/dev/null
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
idle() { awk '/^cpu / {print $5 + $6}' /proc/stat; }
slice() {  # script path → "requests wrk-seconds wall-seconds daemon-ticks idle-ticks" for one slice
  local a b i0 i1 t0 t1 result
  a=$(cpu_of "$PID"); i0=$(idle); t0=$(date +%s.%N)
  result=$(wrk -t2 -c64 -d"${SLICE}s" -s "scripts/bench/$1" "http://127.0.0.1:$PORT$2" | awk '/^RESULT/ {
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%d %.6f", v["requests"], v["requests"] / v["rate"] }')
  b=$(cpu_of "$PID"); i1=$(idle); t1=$(date +%s.%N)
  echo "$result $(echo "$t1 - $t0" | bc) $((b - a)) $((i1 - i0))"
}
declare -A RATIOS=()
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for bin in "$@"; do
    cp "$WORK/seed.db" "$WORK/d.db"; rm -f "$WORK/d.db-wal" "$WORK/d.db-shm"
    LOG_LEVEL=info "$bin" ingest --host 127.0.0.1 --port 0 --db "$WORK/d.db" > "$WORK/log" 2>&1 &
    PID=$!; PORT=""
    for _ in $(seq 1 200); do PORT=$(grep -o 'port=[0-9]*' "$WORK/log" | head -1 | cut -d= -f2 || true); [ -n "$PORT" ] && break; sleep 0.05; done
    wrk -t2 -c64 -d2s -s scripts/bench/single.lua "http://127.0.0.1:$PORT/api/analytics/track" >/dev/null  # warm-up
    hn=0; ht=0; hw=0; hc=0; hi=0; sn=0; st=0; sw=0; sc=0; si=0
    for _ in $(seq 1 "$SLICES"); do
      read -r n t w c i <<< "$(slice health.lua /health)"
      hn=$((hn + n)); ht=$(echo "$ht + $t" | bc); hw=$(echo "$hw + $w" | bc); hc=$((hc + c)); hi=$((hi + i))
      read -r n t w c i <<< "$(slice single.lua /api/analytics/track)"
      sn=$((sn + n)); st=$(echo "$st + $t" | bc); sw=$(echo "$sw + $w" | bc); sc=$((sc + c)); si=$((si + i))
    done
    health=$(echo "$hn / $ht" | bc); single=$(echo "$sn / $st" | bc)
    hcpu=$(echo "scale=2; $hc / 100 / $hw" | bc); scpu=$(echo "scale=2; $sc / 100 / $sw" | bc)
    hidle=$(echo "scale=2; $hi / 100 / $hw" | bc); sidle=$(echo "scale=2; $si / 100 / $sw" | bc)
    RATIOS[$bin]="${RATIOS[$bin]:-} $(echo "scale=4; $single / $health" | bc)"
    printf 'round %d  %-40s /health %6s/s  single %6s/s  = %.2f×   daemon %.2f / %.2f cores, idle %.2f / %.2f\n' "$round" "$bin" \
      "$health" "$single" "$(echo "$single / $health" | bc -l)" "$hcpu" "$scpu" "$hidle" "$sidle"
    kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for bin in "$@"; do
  echo "${RATIOS[$bin]}" | tr ' ' '\n' | grep . | sort -n | awk -v bin="$bin" '{ r[NR] = $1; if ($1 >= 0.65) met++ }
    END { m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
          printf "%-40s median %.3f×, lowest %.3f×, %d of %d rounds ≥ 0.65×\n", bin, m, r[1], met, NR }'
done
