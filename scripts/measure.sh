# Sourced by the benchmark scripts (not run by itself): `measure LABEL COUNT CMD...` runs CMD
# under /usr/bin/time -v and prints one row — wall time, rate (COUNT per second), CPU time and
# peak RSS — and leaves "seconds rss_kib" in $LAST. CMD's standard output is discarded, its
# standard error kept in $DATA/stderr.txt; exit status 2 (rows listed but the rest stored)
# counts as success. Needs $DATA.
measure() {
  local label=$1 count=$2; shift 2
  local report=$DATA/time.txt
  /usr/bin/time -v -o "$report" "$@" >/dev/null 2>"$DATA/stderr.txt" || [ $? -eq 2 ] || { cat "$DATA/stderr.txt" >&2; return 1; }
  local wall rss seconds cpu
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$report")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$report")
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$report")
  seconds=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  printf '%-46s %9s %7.2f s %9s /s %7.2f s %8.1f MB\n' "$label" "$count" "$seconds" \
    "$(awk -v n="$count" -v s="$seconds" 'BEGIN { printf "%d", n / s }')" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
  LAST="$seconds $rss"
}

# fresh DB: removes a database and its WAL files.
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

# verdict TEXT AWK-CONDITION: "ok" or "MISSED" for one target.
verdict() { if awk "BEGIN { exit !($2) }"; then echo "  ok      $1"; else echo "  MISSED  $1"; fi; }
