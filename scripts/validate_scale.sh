#!/usr/bin/env bash
# ekscodec-dask on this machine: a generated capture validated by plain `ekscodec validate`
# (one thread), then by ekscodec-dask on a LocalCluster of 1 and of 2 workers, rounds
# interleaved (plain, 1, 2, plain, 1, 2, ...) so that a change of load hits all three; each
# figure is the best of REPEATS rounds (other load only slows a run down).
#   scripts/validate_scale.sh [BUILD_DIR=build] [SIZE_MB=1024] [REPEATS=3] [SPLIT_MB=64] [DRIVER_OPTS]
#                             [KIND=valid|invalid]
# The capture (all 65 operations, scripts/gen_mixed_capture.py) is made once in $TMPDIR;
# KIND invalid is a copy with every Authorization malformed: every exchange invalid, text
# output 0.3 bytes a byte of input, which the driver renumbers (validate --renumber).
# Each task costs about 20 ms of CPU (ekscodec start-up, Dask; 16 tasks against 4 over 1 GB
# on 2026-12-05): 64 MB ranges give 2 workers 8 equal ranges each of a 1 GB file, at some
# 0.3 s per GB, a sixth of today's 1.7 s scan; 128 MB ranges halve that and still balance.
#
# Prints one JSON object with the acceptance figures:
#   speedup_2_vs_1           wall time of 1 worker / of 2 workers, start-up included (>= 1.7 wanted)
#   per_worker_vs_plain      one worker's MB/s / plain validate's MB/s, start-up included
#                            (>= 0.85 wanted: within 15 %)
# and the same two without the driver's fixed cost (interpreter, Dask import, cluster start
# and stop: the driver's time on a one-line file, measured in the same rounds), which is paid
# once per run whatever the size, and not at all for the cluster by a run with --scheduler:
#   scan_speedup_2_vs_1, scan_per_worker_vs_plain
# and, as a check that load cannot blur, CPU seconds (user + system, children included) of
# plain validate and of the 1-worker scan: scan_cpu_vs_plain = (1 worker - fixed) / plain.
set -euo pipefail
build=${1:-build}
size=${2:-1024}
repeats=${3:-3}
split=${4:-64}
opts=${5:-}
kind=${6:-valid}
fmt=text # plain validate prints what the driver is asked to (--format json: every exchange)
[[ " $opts " == *" --format json "* ]] && fmt=json
here=$(cd "$(dirname "$0")" && pwd)
cli=$(cd "$build/tools" && pwd)/ekscodec
dask="$here/../tools/dask/ekscodec-dask"
cap="${TMPDIR:-/tmp}/ekscodec-scale-${size}mb.jsonl"
[ -x "$cli" ] || { echo "no $cli: build first" >&2; exit 2; }
/usr/bin/python3 -c 'import distributed' 2>/dev/null || { echo "needs python3-distributed (scripts/setup.sh)" >&2; exit 2; }
[ -s "$cap" ] || python3 "$here/gen_mixed_capture.py" "$cap" --size-mb "$size" >&2
# the driver's module compiled, as `cmake --install` leaves it (Python writes none itself under
# PYTHONDONTWRITEBYTECODE, or where it cannot write); checked against the source's hash, so an
# edit is never run stale
/usr/bin/python3 -c 'import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True,
    invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)' "$here/../tools/dask/ekscodec_dask.py" ||
  echo "validate_scale.sh: the driver's module not compiled: each run of the driver compiles it" >&2
case $kind in
valid) ;;
invalid)
  bad="${cap%.jsonl}-invalid.jsonl"
  [ -s "$bad" ] || sed 's/AWS4-HMAC-SHA256 Credential=/AWS4-HMAC-SHA257 Credential=/' "$cap" >"$bad"
  cap=$bad ;;
*) echo "KIND is valid or invalid" >&2; exit 2 ;;
esac
tiny=$(mktemp "${TMPDIR:-/tmp}/ekscodec-scale-tiny-XXXXXX.jsonl")
trap 'rm -f "$tiny"' EXIT
head -n 1 "$cap" >"$tiny"
bytes=$(stat -L -c %s "$cap")
cat "$cap" > /dev/null # page cache: measure validation, not the disk

run() { # command... -> "wall cpu" seconds (bash's time: milliseconds, where /usr/bin/time gives
  # hundredths, a step of 1.3 % in a 0.8 s run)
  local TIMEFORMAT="%3R %3U %3S"
  { time "$@" > /dev/null 2>&1 || true; } 2>&1 | tail -1 | awk '{print $1, $2 + $3}'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN{print (a < b) ? a : b}'; }
plain=999999 one=999999 two=999999 fix1=999999 fix2=999999 cplain=999999 cone=999999 cfix1=999999
for r in $(seq "$repeats"); do
  read -r w c < <(run "$cli" validate --jobs 1 --format "$fmt" "$cap")
  plain=$(min "$plain" "$w") cplain=$(min "$cplain" "$c")
  # shellcheck disable=SC2086 # DRIVER_OPTS is a list of options
  read -r w c < <(run "$dask" --workers 1 --split-mb "$split" $opts --ekscodec "$cli" "$cap")
  one=$(min "$one" "$w") cone=$(min "$cone" "$c")
  # shellcheck disable=SC2086
  read -r w c < <(run "$dask" --workers 2 --split-mb "$split" $opts --ekscodec "$cli" "$cap")
  two=$(min "$two" "$w")
  # shellcheck disable=SC2086
  read -r w c < <(run "$dask" --workers 1 $opts --ekscodec "$cli" "$tiny")
  fix1=$(min "$fix1" "$w") cfix1=$(min "$cfix1" "$c")
  # shellcheck disable=SC2086
  read -r w c < <(run "$dask" --workers 2 $opts --ekscodec "$cli" "$tiny")
  fix2=$(min "$fix2" "$w")
  echo "round $r: plain $plain s, 1 worker $one s, 2 workers $two s, fixed cost $fix1 / $fix2 s (best so far)" >&2
done
awk -v b="$bytes" -v p="$plain" -v o="$one" -v t="$two" -v f1="$fix1" -v f2="$fix2" -v s="$split" -v o2="$opts" -v k="$kind" \
    -v cp="$cplain" -v co="$cone" -v cf="$cfix1" 'BEGIN{
  mb = b / 1e6; so = o - f1; st = t - f2;
  if (so <= 0) so = 0.01; if (st <= 0) st = 0.01;
  printf "{\"bytes\":%.0f,\"kind\":\"%s\",\"split_mb\":%s,\"driver_opts\":\"%s\",", b, k, s, o2;
  printf "\"plain_seconds\":%.3f,\"plain_mb_per_s\":%.1f,", p, mb / p;
  printf "\"dask1_seconds\":%.3f,\"dask2_seconds\":%.3f,\"fixed1_seconds\":%.3f,\"fixed2_seconds\":%.3f,", o, t, f1, f2;
  printf "\"per_worker_mb_per_s_1\":%.1f,\"per_worker_mb_per_s_2\":%.1f,", mb / o, mb / (2 * t);
  printf "\"speedup_2_vs_1\":%.2f,\"per_worker_vs_plain\":%.2f,", o / t, p / o;
  printf "\"scan_speedup_2_vs_1\":%.2f,\"scan_per_worker_vs_plain\":%.2f,\"scan_per_worker_vs_plain_2\":%.2f,", so / st, p / so, p / (2 * st);
  printf "\"plain_cpu_seconds\":%.2f,\"dask1_cpu_seconds\":%.2f,\"fixed1_cpu_seconds\":%.2f,\"scan_cpu_vs_plain\":%.2f}\n", cp, co, cf, (co - cf) / cp }'
