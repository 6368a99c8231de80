#!/usr/bin/env bash
# Same-run time comparison of two ekscodec-bench binaries (e.g. a baseline tree's and this
# one's): for each case, ROUNDS rounds that run A then B, both pinned to one core, and the
# best ns/op of each side (other load only ever slows a round down).
# Usage: scripts/bench_ab.sh [-c CPU] [-r ROUNDS] [-s SECONDS] BENCH_A BENCH_B CASE...
# Prints one JSON line per case: best ns/op of A and B and speed_b_over_a (> 1: B is faster).
set -euo pipefail
cpu=0 rounds=10 seconds=0.3
while getopts c:r:s: o; do
  case $o in
    c) cpu=$OPTARG ;;
    r) rounds=$OPTARG ;;
    s) seconds=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 3 ]] || { echo "usage: $0 [-c CPU] [-r ROUNDS] [-s SECONDS] BENCH_A BENCH_B CASE..." >&2; exit 2; }
a=$1 b=$2
shift 2
ns() { taskset -c "$cpu" "$1" --seconds "$seconds" "$2" | sed -n 's/.*"ns_per_op":\([0-9.]*\).*/\1/p'; }
for c in "$@"; do
  best_a='' best_b=''
  for ((i = 0; i < rounds; i++)); do
    x=$(ns "$a" "$c")
    y=$(ns "$b" "$c")
    [[ -n $x && -n $y ]] || { echo "$c: a bench printed no ns_per_op" >&2; exit 1; }
    best_a=$(awk -v p="$best_a" -v q="$x" 'BEGIN { print (p == "" || q < p) ? q : p }')
    best_b=$(awk -v p="$best_b" -v q="$y" 'BEGIN { print (p == "" || q < p) ? q : p }')
  done
  awk -v c="$c" -v x="$best_a" -v y="$best_b" -v r="$rounds" \
    'BEGIN { printf "{\"name\":\"%s\",\"a_ns_per_op\":%s,\"b_ns_per_op\":%s,\"speed_b_over_a\":%.3f,\"rounds\":%d}\n", c, x, y, x / y, r }'
done
