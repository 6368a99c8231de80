#!/usr/bin/env bash
# Bounded fuzzing for CI: builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer),
# runs each one for FUZZ_SECONDS (default 60) over its seed corpus, its past regressions and
# the corpus grown by earlier runs, and fails on any crash, invariant violation, leak,
# timeout or out-of-memory. The reproducer is copied to fuzz/artifacts/<target>/ and the
# command that replays it is printed.
#
#   scripts/fuzz_ci.sh [TARGET...]        default: every target in fuzz/targets.cmake
#
# Environment: FUZZ_SECONDS (60), FUZZ_MAX_LEN (4096 bytes), FUZZ_RSS_MB (2048),
# FUZZ_TIMEOUT (10 s per input), FUZZ_BUILD_DIR (build-fuzz), FUZZ_NICE (0).
# Needs clang and its runtimes: scripts/setup.sh --fuzz (Debian: clang, libclang-rt-14-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
max_len=${FUZZ_MAX_LEN:-4096}
rss_mb=${FUZZ_RSS_MB:-2048}
per_input=${FUZZ_TIMEOUT:-10}
build=${FUZZ_BUILD_DIR:-build-fuzz}
niceness=${FUZZ_NICE:-0}

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz_ci.sh: clang not found; run scripts/setup.sh --fuzz" >&2
    exit 2
fi

# One list of targets, the one CMake uses: the library's (fuzz/) and the CLI's (tools/fuzz/).
mapfile -t lib_targets < <(sed -n '/set(EKSCODEC_FUZZ_TARGETS/,/)/{/^  [a-z0-9_]*$/s/ //gp}' fuzz/targets.cmake)
mapfile -t cli_targets < <(sed -n '/set(EKSCODEC_CLI_FUZZ_TARGETS/,/)/{/^  [a-z0-9_]*$/s/ //gp}' tools/fuzz/targets.cmake)
all_targets=("${lib_targets[@]}" "${cli_targets[@]}")
home_of() { # TARGET -> where its harness, seeds and regressions live (source and build side)
    if [[ " ${cli_targets[*]} " == *" $1 "* ]]; then echo tools/fuzz; else echo fuzz; fi
}
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")

echo "=== fuzz: build ($build) ==="
CC=clang cmake -S . -B "$build" -DEKSCODEC_BUILD_FUZZERS=ON -DEKSCODEC_BUILD_TESTS=OFF \
    -DEKSCODEC_BUILD_BENCH=OFF -DEKSCODEC_SANITIZE=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_seeds fuzz_cli_seeds "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for t in "${targets[@]}"; do
    home=$(home_of "$t")
    bin=$build/$home/fuzz_$t
    [[ -x $bin ]] || { echo "fuzz_ci.sh: no target fuzz_$t" >&2; exit 2; }
    run=$build/fuzz/run/$t
    grown=$build/fuzz/corpus/$t      # inputs found by earlier runs (first dir: written to)
    rm -rf "$run"
    mkdir -p "$run" "$grown"
    dirs=("$grown" "$build/$home/seeds/$t")
    [[ -d $home/regressions/$t ]] && dirs+=("$home/regressions/$t")
    dict=()
    [[ -f $home/$t.dict ]] && dict=(-dict="$home/$t.dict")
    echo
    echo "=== fuzz_$t: ${seconds} s ==="
    rc=0
    nice -n "$niceness" "$bin" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb="$rss_mb" \
        -timeout="$per_input" -artifact_prefix="$run/" -print_final_stats=1 \
        "${dict[@]}" "${dirs[@]}" >"$run/log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$run/log" | tail -1 || true)
    shopt -s nullglob
    found=("$run"/crash-* "$run"/leak-* "$run"/timeout-* "$run"/oom-* "$run"/slow-unit-*)
    shopt -u nullglob
    if [[ $rc -eq 0 && ${#found[@]} -eq 0 ]]; then
        echo "fuzz_$t: ok, ${execs:-?} executions, ${cov:-cov ?}"
        continue
    fi
    failed+=("$t")
    echo "fuzz_$t: FAILED (exit $rc)"
    grep -E 'ERROR|invariant|SUMMARY|runtime error' "$run/log" | head -20 || true
    echo "--- last lines of $run/log ---"
    tail -40 "$run/log"
    mkdir -p "fuzz/artifacts/$t"
    for f in "${found[@]}"; do
        cp "$f" "fuzz/artifacts/$t/"
        name=fuzz/artifacts/$t/$(basename "$f")
        echo "reproducer: $name"
        echo "  replay (libFuzzer): $bin $name"
        echo "  replay (any build): build/tests/fuzz_replay_$t $name"
        echo "  minimize:           $bin -minimize_crash=1 -max_total_time=60 $name"
    done
done

echo
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz_ci.sh: FAILED: ${failed[*]}"
    exit 1
fi
echo "fuzz_ci.sh: all ${#targets[@]} targets ran ${seconds} s without a finding"
