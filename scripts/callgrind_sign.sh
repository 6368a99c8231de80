#!/usr/bin/env bash
# Instructions and heap allocations per SigV4 signature, measured as a difference of two
# runs so that start-up, registration and the first (cache-filling) signature cancel out:
#   (Ir(N2) - Ir(N1)) / (N2 - N1)   under valgrind --tool=callgrind
#   (allocs(N2) - allocs(N1)) / (N2 - N1)   under valgrind memcheck's heap summary
# Usage: scripts/callgrind_sign.sh [BUILD_DIR] [CASE...]   (default: build, cases sign sign_cold)
# Targets (DESIGN.md §5): sign < 40,000 instructions, <= 2 heap allocations per signature.
set -euo pipefail
build=${1:-build}
shift || true
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(sign sign_cold)
bench="$build/bench/ekscodec-bench"
if [ ! -x "$bench" ]; then
  echo "callgrind_sign: $bench not found (build first: cmake -S . -B $build && make -C $build)" >&2
  exit 2
fi
if ! command -v valgrind >/dev/null; then
  echo "SKIP: callgrind_sign: valgrind is not installed" >&2
  exit 0
fi
n1=${N1:-1000}
n2=${N2:-5000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ir() { # case iterations -> total instructions
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bench" --iterations "$2" "$1" \
    >/dev/null 2>"$tmp/cg.err"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/cg.err"
}
allocs() { # case iterations -> total heap allocations
  valgrind "$bench" --iterations "$2" "$1" >/dev/null 2>"$tmp/mc.err"
  sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' "$tmp/mc.err" | tr -d ,
}

for c in "${cases[@]}"; do
  i1=$(ir "$c" "$n1"); i2=$(ir "$c" "$n2")
  a1=$(allocs "$c" "$n1"); a2=$(allocs "$c" "$n2")
  awk -v c="$c" -v i1="$i1" -v i2="$i2" -v a1="$a1" -v a2="$a2" -v n1="$n1" -v n2="$n2" 'BEGIN {
    printf "%-10s %8.0f instructions/signature  %5.2f heap allocations/signature  (N=%d vs %d)\n",
           c, (i2 - i1) / (n2 - n1), (a2 - a1) / (n2 - n1), n1, n2 }'
done
