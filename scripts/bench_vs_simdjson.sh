#!/usr/bin/env bash
# ekscodec decode against simdjson's DOM parse of the same bench/data/ bytes (issue 13):
# both in one ekscodec-bench process, pinned to one core, the pairs interleaved ROUNDS times
# and the best round of each case kept, so a burst of load on the machine hits both sides.
#   scripts/bench_vs_simdjson.sh [BUILD_DIR=build] [SECONDS_PER_CASE=1] [ROUNDS=3] [CPU=0]
# Needs a build configured with simdjson present (scripts/setup.sh --bench, then re-run CMake).
set -euo pipefail
build=${1:-build}
seconds=${2:-1}
rounds=${3:-3}
cpu=${4:-0}
bench=$build/bench/ekscodec-bench
[[ -x $bench ]] || { echo "no $bench: build first" >&2; exit 2; }
"$bench" --list | grep -qx simdjson_parse_large || {
    echo "$bench has no simdjson_parse_* cases: scripts/setup.sh --bench, then re-run CMake" >&2
    exit 2
}
cases=()
for i in $(seq "$rounds"); do
    cases+=(decode_large simdjson_parse_large decode_typical simdjson_parse_typical decode_error simdjson_parse_error)
done
taskset -c "$cpu" "$bench" --seconds "$seconds" "${cases[@]}" | python3 -c '
import json, sys
best = {}
for line in sys.stdin:
    r = json.loads(line)
    if r["name"] not in best or r["ops_per_sec"] > best[r["name"]]["ops_per_sec"]:
        best[r["name"]] = r
# Issue 13 acceptance: absolute floor and the fraction of simdjson, per pair.
targets = {"large": (2e9, "B/s", 0.40), "typical": (3.5e6, "/s", 0.45), "error": (5e6, "/s", 0.25)}
print("%-8s %14s %14s %7s  %s" % ("input", "ekscodec", "simdjson", "ratio", "target (issue 13)"))
for kind, (floor, unit, frac) in targets.items():
    e, s = best["decode_" + kind], best["simdjson_parse_" + kind]
    def fig(r):
        return r["ops_per_sec"] * r["bytes_per_op"] if unit == "B/s" else r["ops_per_sec"]
    def show(v):
        return "%.2f GB/s" % (v / 1e9) if unit == "B/s" else "%.2f M/s" % (v / 1e6)
    ratio = fig(e) / fig(s)
    ok = "holds" if fig(e) >= floor and ratio >= frac else "misses"
    print("%-8s %14s %14s %6.3fx  >= %s and >= %.2fx: %s" % (kind, show(fig(e)), show(fig(s)), ratio, show(floor), frac, ok))
'
