#!/usr/bin/env bash
# Everything CI checks: installs what is missing, then builds and runs the whole ctest suite
# twice: an optimized build (build/) and an ASan+UBSan build (build-asan/), plus the JSON
# suites in a scalar-only ASan+UBSan build (build-scalar/) and the tests that use threads
# in a ThreadSanitizer build (build-tsan/). Warnings are errors in every build (the
# project's flags). Stops at the first failure, exit status non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
jobs=$(nproc)
# Sanitizer reports end the test with a stack trace; leaks are errors (LeakSanitizer).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}

# --fuzz: clang and its sanitizer runtimes, for the clang ASan build and the fuzz step.
scripts/setup.sh --fuzz

# CTEST_EXCLUDE (a regex of test names) leaves tests out of one suite's ctest run.
suite() {
    local dir=$1; shift
    echo
    echo "=== $dir: build ($((SECONDS - start)) s elapsed) ==="
    # Options are given explicitly so a build directory configured earlier by hand cannot
    # silently run a different configuration.
    scripts/build.sh "$dir" -DEKSCODEC_BUILD_TESTS=ON "$@"
    echo
    echo "=== $dir: ctest ($((SECONDS - start)) s elapsed) ==="
    ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$jobs" ${CTEST_EXCLUDE:+-E "$CTEST_EXCLUDE"}
}

suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEKSCODEC_SANITIZE=OFF
# valgrind memcheck over every compiled test runner and the CLI on the samples (build/).
echo
echo "=== build: valgrind ($((SECONDS - start)) s elapsed) ==="
python3 scripts/valgrind_tests.py build
# The portable scalar JSON scanner alone (-DEKSCODEC_SIMD=OFF), as every non-x86/arm64
# machine runs it, optimized (gcc) and under ASan+UBSan: the clang build below sanitizes the
# block scanners, this one the scalar kernel and the code paths only it takes. The suites that
# read JSON run here, and the interop tests, the one gcc-sanitized run of the CLI and the
# server (gcc links libasan.so where clang links its runtime in: serve_load once told the two
# apart wrongly); the Dask, oracle-regeneration and install tests exercise nothing the scanner
# changes and are the slow ones, which keeps this step to a few minutes.
CTEST_EXCLUDE='dask|install_consumer|oracle_regen|differential|schema|sigv4|endpoint|http_parse|route' \
    suite build-scalar -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEKSCODEC_SANITIZE=ON -DEKSCODEC_SIMD=OFF
# Bounded fuzzing of every libFuzzer target (clang, ASan+UBSan): a finding fails the run and
# leaves its reproducer in fuzz/artifacts/.
echo
echo "=== fuzz ($((SECONDS - start)) s elapsed) ==="
FUZZ_SECONDS=${FUZZ_SECONDS:-45} scripts/fuzz_ci.sh
# ThreadSanitizer (clang): the runners that use threads, test_threads (the library from
# several threads at once) and test_validate (validate --jobs), with the CLI they run. A data
# race ends the process (halt_on_error) and fails its test. ASLR off (setarch -R): clang 14's
# runtime cannot map its shadow memory under a kernel's wider address randomization.
echo
echo "=== build-tsan: build and ctest ($((SECONDS - start)) s elapsed) ==="
cmake -S . -B build-tsan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEKSCODEC_TSAN=ON \
    -DEKSCODEC_SANITIZE=OFF -DEKSCODEC_BUILD_TESTS=ON -DEKSCODEC_BUILD_BENCH=OFF
cmake --build build-tsan -j "$jobs" --target ekscodec_cli test_threads test_validate
TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} setarch "$(uname -m)" -R \
    ctest --test-dir build-tsan --output-on-failure --no-tests=error -R '^(test_threads|test_validate)$'
# Debug (-O0, asserts on) with clang complements the optimized gcc build above (both compilers
# must stay warning-free); its ctest summary is the
# last thing the run prints.
suite build-asan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DEKSCODEC_SANITIZE=ON
