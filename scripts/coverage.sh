#!/usr/bin/env bash
# Source-based coverage of codec/ (clang -fprofile-instr-generate -fcoverage-mapping) from
# the whole ctest suite: the unit tests plus the fuzz replays of the seed corpus and the
# regressions. Prints llvm-cov's per-file table for codec/ and the line / branch totals.
#
#   scripts/coverage.sh            build dir: build-coverage (COVERAGE_BUILD_DIR)
#
# Needs clang, llvm-profdata and llvm-cov (Debian: clang, llvm-14; the -14 suffixed tools
# are used when present).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${COVERAGE_BUILD_DIR:-build-coverage}
profdata=$(command -v llvm-profdata-14 || command -v llvm-profdata || true)
cov=$(command -v llvm-cov-14 || command -v llvm-cov || true)
if [[ -z $profdata || -z $cov ]] || ! command -v clang >/dev/null; then
    echo "coverage.sh: needs clang, llvm-profdata and llvm-cov (Debian packages clang, llvm-14)" >&2
    exit 2
fi

flags="-fprofile-instr-generate -fcoverage-mapping"
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DEKSCODEC_BUILD_TESTS=ON \
    -DEKSCODEC_BUILD_BENCH=OFF -DEKSCODEC_BUILD_FUZZERS=OFF -DEKSCODEC_SANITIZE=OFF \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$build" -j "$(nproc)"

raw=$build/profraw
rm -rf "$raw" && mkdir -p "$raw"
# %m: one file per binary signature, %p: per process (tests run in parallel).
LLVM_PROFILE_FILE="$PWD/$raw/%p-%m.profraw" ctest --test-dir "$build" -j "$(nproc)" --output-on-failure \
    || echo "coverage.sh: some tests failed; coverage below is from the tests that ran" >&2
"$profdata" merge -sparse "$raw"/*.profraw -o "$build/coverage.profdata"

objects=()
while IFS= read -r f; do objects+=(-object "$f"); done < <(
    find "$build/tests" "$build/tools" -maxdepth 1 -type f -executable \( -name 'test_*' -o -name 'fuzz_replay_*' -o -name ekscodec \) | sort)
[[ ${#objects[@]} -gt 0 ]] || { echo "coverage.sh: no test binaries found" >&2; exit 1; }
first=${objects[1]}
rest=("${objects[@]:2}")

report=$build/coverage.txt
"$cov" report "$first" "${rest[@]}" -instr-profile="$build/coverage.profdata" \
    -show-region-summary=false -show-functions=false "$PWD/codec" | tee "$report"
"$cov" show "$first" "${rest[@]}" -instr-profile="$build/coverage.profdata" -format=html \
    -output-dir="$build/coverage-html" "$PWD/codec" >/dev/null
total=$(grep '^TOTAL' "$report")
header=$(grep -m1 'Filename' "$report")
# Header: "Filename Functions Missed Functions Executed Lines Missed Lines Cover Branches ...":
# each kind (not preceded by "Missed") owns one percentage of the TOTAL row, in order.
python3 - "$header" "$total" <<'PY'
import sys
words = sys.argv[1].split()
kinds = [w for i, w in enumerate(words) if w in ("Regions", "Functions", "Lines", "Branches", "Instantiations")
         and words[i - 1] != "Missed"]
pcts = [v for v in sys.argv[2].split() if v.endswith("%") or v == "-"]
got = dict(zip(kinds, pcts))
print("codec/ coverage: lines %s, branches %s, functions %s" % (
    got.get("Lines", "?"), got.get("Branches", "?"), got.get("Functions", "?")))
PY
echo "HTML report: $build/coverage-html/index.html"
