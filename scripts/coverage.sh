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
# Columns (regions hidden): Lines Missed Cover Functions... depend on llvm-cov's version; take
# the percentages in order: lines, functions, branches? No: read the header to be exact.
header=$(grep -m1 'Filename' "$report")
python3 - "$header" "$total" <<'PY'
import sys
head = sys.argv[1].split()
vals = sys.argv[2].split()[1:]
cols = [h for h in head[1:]]
# Header words: Lines Missed Cover Functions Missed Executed Branches Missed Cover ...
out = {}
i = 0
group = None
for word, val in zip(cols, vals):
    if word in ("Lines", "Functions", "Branches", "Regions", "Instantiations"):
        group = word
    if word in ("Cover", "Executed"):
        out[group] = val
print("codec/ coverage: lines %s, branches %s, functions %s" % (
    out.get("Lines", "?"), out.get("Branches", "?"), out.get("Functions", "?")))
PY
echo "HTML report: $build/coverage-html/index.html"
