#!/usr/bin/env bash
# ekscodec-dask on this machine: a generated capture validated by plain `ekscodec validate`
# (one core), then by ekscodec-dask on a LocalCluster of 1 and of 2 worker processes.
# Prints seconds, MB/s, the 2-vs-1-worker speed-up and each side's per-worker MB/s against
# plain validate. Best of REPEATS runs each (other load only slows a run down).
#   scripts/validate_scale.sh [BUILD_DIR=build] [SIZE_MB=1024] [REPEATS=2] [SPLIT_MB=64]
# The capture (all 65 operations, scripts/gen_mixed_capture.py) is made once in $TMPDIR.
set -euo pipefail
build=${1:-build}
size=${2:-1024}
repeats=${3:-2}
split=${4:-64}
here=$(cd "$(dirname "$0")" && pwd)
cli=$(cd "$build/tools" && pwd)/ekscodec
dask="$here/../tools/dask/ekscodec-dask"
cap="${TMPDIR:-/tmp}/ekscodec-scale-${size}mb.jsonl"
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 2; }
/usr/bin/python3 -c 'import distributed' 2>/dev/null || { echo "needs python3-distributed (scripts/setup.sh)" >&2; exit 2; }
[ -s "$cap" ] || python3 "$here/gen_mixed_capture.py" "$cap" --size-mb "$size" >&2
bytes=$(stat -L -c %s "$cap")
cat "$cap" > /dev/null # page cache: measure validation, not the disk

best() { # command... -> best wall seconds of $repeats runs
  local b=999999 t
  for _ in $(seq "$repeats"); do
    t=$( { /usr/bin/time -f "%e" "$@" > /dev/null || true; } 2>&1 | tail -1 )
    if awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
  done
  echo "$b"
}
plain=$(best taskset -c 0 "$cli" validate --jobs 1 "$cap")
one=$(best "$dask" --workers 1 --split-mb "$split" --ekscodec "$cli" "$cap")
two=$(best "$dask" --workers 2 --split-mb "$split" --ekscodec "$cli" "$cap")
awk -v b="$bytes" -v p="$plain" -v o="$one" -v t="$two" 'BEGIN{
  printf "{\"bytes\":%d,\"plain_seconds\":%.2f,\"plain_mb_per_s\":%.1f,", b, p, b/1e6/p;
  printf "\"dask1_seconds\":%.2f,\"dask1_mb_per_s\":%.1f,\"dask2_seconds\":%.2f,\"dask2_mb_per_s\":%.1f,", o, b/1e6/o, t, b/1e6/t;
  printf "\"speedup_2_vs_1\":%.2f,\"per_worker_vs_plain_1\":%.2f,\"per_worker_vs_plain_2\":%.2f}\n", o/t, p/o, p/(2*t) }'
