#!/usr/bin/env bash
# Instructions per operation for ekscodec-bench cases, under callgrind: runs each case with
# two iteration counts and divides the difference (start-up and set-up cancel out).
# Usage: scripts/callgrind_per_op.sh [BENCH_BINARY] CASE...
set -euo pipefail
bench=build/bench/ekscodec-bench
if [[ $# -gt 0 && -x "$1" && ! "$1" =~ ^[a-z_]+$ ]]; then bench=$1; shift; fi
[[ $# -gt 0 ]] || set -- encode decode_typical decode_large decode_error json_c_parse_typical
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
count() { # case iterations -> total Ir
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$bench" --iterations "$2" "$1" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  awk '/^summary:/ {print $2}' "$tmp/out"
}
for c in "$@"; do
  n1=20; n2=220
  [[ $c == decode_large ]] && { n1=2; n2=12; }
  a=$(count "$c" $n1); b=$(count "$c" $n2)
  echo "{\"name\":\"$c\",\"instructions_per_op\":$(( (b - a) / (n2 - n1) ))}"
done
