#!/usr/bin/env bash
# Measures `ekscodec validate` on a generated JSON Lines capture (docs/validate.md):
# throughput on one core, peak RSS, and the --jobs 2 speed-up on two cores.
#   scripts/validate_perf.sh [BUILD_DIR=build] [SIZE_MB=1024] [REPEATS=3]
# The capture is made once by scripts/gen_capture.py (kept in $TMPDIR). Other work on the
# machine skews the numbers: the best of REPEATS runs is reported, with the load average.
set -euo pipefail
build=${1:-build}
size=${2:-1024}
repeats=${3:-3}
cli="$build/tools/ekscodec"
cap="${TMPDIR:-/tmp}/ekscodec-perf-${size}mb.jsonl"
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -s "$cap" ]; then
  echo "generating $cap ..." >&2
  python3 "$here/gen_capture.py" "$cap" --size-mb "$size" >&2
fi
bytes=$(stat -L -c %s "$cap")
cat "$cap" > /dev/null  # page cache: measure the validator, not the disk

run() { # cpus jobs -> "seconds rss_kb"
  local out
  out=$( { /usr/bin/time -f "%e %M" taskset -c "$1" "$cli" validate --jobs "$2" "$cap" > /dev/null || true; } 2>&1 | tail -1 )
  echo "$out"
}

best1=999999; best2=999999; rss1=0; rss2=0
for i in $(seq "$repeats"); do
  read -r t m < <(run 0 1)
  echo "run $i: --jobs 1 on cpu 0: ${t}s, max RSS ${m} kB (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  if awk "BEGIN{exit !($t < $best1)}"; then best1=$t; fi
  if (( m > rss1 )); then rss1=$m; fi
  read -r t m < <(run 0,1 2)
  echo "run $i: --jobs 2 on cpus 0,1: ${t}s, max RSS ${m} kB" >&2
  if awk "BEGIN{exit !($t < $best2)}"; then best2=$t; fi
  if (( m > rss2 )); then rss2=$m; fi
done
awk -v b="$bytes" -v t1="$best1" -v t2="$best2" -v r1="$rss1" -v r2="$rss2" 'BEGIN{
  printf "{\"bytes\":%d,\"jobs1_seconds\":%.2f,\"jobs1_mb_per_s\":%.1f,\"jobs1_max_rss_kb\":%d,", b, t1, b/1e6/t1, r1;
  printf "\"jobs2_seconds\":%.2f,\"jobs2_mb_per_s\":%.1f,\"jobs2_max_rss_kb\":%d,\"speedup\":%.2f}\n", t2, b/1e6/t2, r2, t1/t2 }'
