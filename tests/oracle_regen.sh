#!/bin/sh
# The committed oracle outputs are what the oracle scripts produce today: each generator is
# rerun into a temporary directory and every file it writes is compared byte for byte with the
# committed one; a difference fails the test and shows the diff.
#
#   oracle_regen.sh SOURCE_DIR SHARED_DIR
#
#   tools/oracle/codec_oracle.py         corpus/oracle/{requests,responses}.jsonl
#   tools/oracle/endpoints_oracle.py     corpus/endpoints/botocore_endpoints.jsonl
#   tools/oracle/sigv4_oracle.py         corpus/sigv4/botocore_diff.jsonl
#   tools/oracle/cli_decode_oracle.py    corpus/samples/*.botocore.json
#   corpus/captures/make_capture_mixed.py  corpus/samples/capture_mixed.{jsonl,har,http}
#   corpus/captures/make_signed.py       corpus/captures/signed_botocore.jsonl
#   tools/oracle/gen_*.py --out ROOT     corpus generators (gen_corpus.py: corpus/{request,
#                                        response,error}, docs/compatibility.md): every file
#                                        written under ROOT against the one at the same path,
#                                        and no committed case folder (corpus/<group>/<case>/),
#                                        or file in one, that is no longer written. Their
#                                        oracles are botocore_corpus.py (shared parts in
#                                        corpus_common.py) and
#                                        js/eks_oracle.mjs (the JS SDK); without the JS SDK
#                                        they exit 77 and this test, after the other checks,
#                                        skips. (test_corpus_differential reruns gen_corpus.py
#                                        too, reporting case by case.)
# A script in those folders that no check here covers fails the test.
#
# The committed files were made with the official model of SHARED_DIR (codec_oracle.py and the
# corpus prefer it to botocore's older bundled copy), so it is handed over as EKSCODEC_SHARED_DIR.
# Exit 77 (ctest SKIP_RETURN_CODE) when python3, botocore or SHARED_DIR is missing; with
# CI=true those are failures (exit 1) instead.
set -eu

src=${1:?source dir}
shared=${2:?shared dir}

skip() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL: oracle_regen: $1 (CI=true: a missing oracle or model is a failure, not a skip)" >&2
        exit 1
    fi
    echo "SKIP: oracle_regen: $1; the committed oracle outputs were not regenerated" >&2
    exit 77
}

command -v python3 >/dev/null 2>&1 || skip "python3 not found: run scripts/setup.sh"
python3 -c 'import botocore' >/dev/null 2>&1 ||
    skip "python3 cannot import botocore: install it for the python3 on PATH (python3 -m pip install botocore)"
[ -f "$shared/models/eks-2017-11-01/service-2.json" ] ||
    skip "$shared/models/eks-2017-11-01/service-2.json not found: put the shared folder at ../shared beside the checkout, or configure with -DEKSCODEC_SHARED_DIR=DIR"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ekscodec-oracle-regen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export EKSCODEC_SHARED_DIR="$shared"
failures=0
compared=0

# Every script in the oracle folders must be covered below.
covered="tools/oracle/codec_oracle.py tools/oracle/endpoints_oracle.py tools/oracle/sigv4_oracle.py
tools/oracle/cli_decode_oracle.py corpus/captures/make_capture_mixed.py corpus/captures/make_signed.py
tools/oracle/botocore_corpus.py tools/oracle/corpus_common.py tools/oracle/js/eks_oracle.mjs tools/oracle/operation_names_oracle.py
scripts/gen_mixed_capture.py"
for f in "$src"/tools/oracle/*.py "$src"/tools/oracle/js/*.mjs "$src"/corpus/captures/*.py "$src"/scripts/gen_mixed_capture.py; do
    rel=${f#"$src"/}
    case "$rel" in tools/oracle/gen_*.py) continue ;; esac
    case " $(echo "$covered" | tr '\n' ' ') " in
        *" $rel "*) ;;
        *) echo "FAIL: $rel is an oracle script that no test reruns: add it to tests/oracle_regen.sh" >&2
           failures=$((failures + 1)) ;;
    esac
done

# same COMMITTED FRESH SCRIPT: byte equality, else the diff (first 200 lines) and a failure.
same() {
    compared=$((compared + 1))
    if [ ! -f "$2" ]; then
        echo "FAIL: $3 did not write ${2#"$tmp"/} (the counterpart of ${1#"$src"/})" >&2
        failures=$((failures + 1))
    elif ! cmp -s "$1" "$2"; then
        diff -u --text "$1" "$2" >"$tmp/diff.out" || true
        head -200 "$tmp/diff.out" >&2
        echo "FAIL: ${1#"$src"/} differs from what $3 writes today ($(wc -l <"$tmp/diff.out") diff lines above, at most 200 shown); rerun the script and review the change, or fix the script" >&2
        failures=$((failures + 1))
    fi
}

# run OUTDIR SCRIPT ARGS...: the script must succeed.
run() {
    out=$1
    shift
    mkdir -p "$out"
    if ! python3 "$@" >"$out.log" 2>&1; then
        cat "$out.log" >&2
        echo "FAIL: python3 $* failed" >&2
        failures=$((failures + 1))
    fi
}

run "$tmp/codec" "$src/tools/oracle/codec_oracle.py" --out-dir "$tmp/codec"
for f in requests.jsonl responses.jsonl; do
    same "$src/corpus/oracle/$f" "$tmp/codec/$f" codec_oracle.py
done

run "$tmp/endpoints" "$src/tools/oracle/endpoints_oracle.py" --out "$tmp/endpoints/botocore_endpoints.jsonl"
same "$src/corpus/endpoints/botocore_endpoints.jsonl" "$tmp/endpoints/botocore_endpoints.jsonl" endpoints_oracle.py

run "$tmp/sigv4" "$src/tools/oracle/sigv4_oracle.py" --out "$tmp/sigv4/botocore_diff.jsonl"
same "$src/corpus/sigv4/botocore_diff.jsonl" "$tmp/sigv4/botocore_diff.jsonl" sigv4_oracle.py

run "$tmp/cli" "$src/tools/oracle/cli_decode_oracle.py" "$tmp/cli"
n=0
for f in "$src"/corpus/samples/*.botocore.json; do
    same "$f" "$tmp/cli/${f##*/}" cli_decode_oracle.py
    n=$((n + 1))
done
# Both ways: a response sample whose expectation was never committed is a difference too.
for f in "$tmp"/cli/*.botocore.json; do
    [ -f "$src/corpus/samples/${f##*/}" ] || {
        echo "FAIL: cli_decode_oracle.py writes ${f##*/}, which is not committed in corpus/samples" >&2
        failures=$((failures + 1))
    }
done
[ "$n" -ge 2 ] || { echo "FAIL: only $n corpus/samples/*.botocore.json files" >&2; failures=$((failures + 1)); }

run "$tmp/captures" "$src/corpus/captures/make_capture_mixed.py" --out-dir "$tmp/captures"
for f in capture_mixed.jsonl capture_mixed.har capture_mixed.http; do
    same "$src/corpus/samples/$f" "$tmp/captures/$f" make_capture_mixed.py
done
run "$tmp/signed" "$src/corpus/captures/make_signed.py" --out-dir "$tmp/signed"
same "$src/corpus/captures/signed_botocore.jsonl" "$tmp/signed/signed_botocore.jsonl" make_signed.py

run "$tmp/names" "$src/tools/oracle/operation_names_oracle.py" --model "$shared/models/eks-2017-11-01/service-2.json" \
    --out "$tmp/names/botocore_names.json"
same "$src/corpus/operations/botocore_names.json" "$tmp/names/botocore_names.json" operation_names_oracle.py

run "$tmp/mixed" "$src/scripts/gen_mixed_capture.py" "$tmp/mixed/capture_all_operations.jsonl"
same "$src/corpus/samples/capture_all_operations.jsonl" "$tmp/mixed/capture_all_operations.jsonl" gen_mixed_capture.py
same "$src/corpus/samples/capture_all_operations.jsonl.operations" "$tmp/mixed/capture_all_operations.jsonl.operations" \
    gen_mixed_capture.py

# Corpus generators: tools/oracle/gen_*.py --out ROOT writes the repository's paths under ROOT.
sdk_missing=""
for gen in "$src"/tools/oracle/gen_*.py; do
    [ -f "$gen" ] || continue
    name=${gen##*/}
    out="$tmp/${name%.py}"
    mkdir -p "$out"
    rc=0
    python3 "$gen" --out "$out" >"$out.log" 2>&1 || rc=$?
    if [ "$rc" -eq 77 ]; then
        sdk_missing="$sdk_missing; $name: $(tail -1 "$out.log")"
        continue
    elif [ "$rc" -ne 0 ]; then
        cat "$out.log" >&2
        echo "FAIL: python3 $name --out $out failed (exit $rc)" >&2
        failures=$((failures + 1))
        continue
    fi
    # One process compares the whole tree (a cmp per file would take most of the test's time).
    rc=0
    python3 - "$src" "$out" "$name" <<'EOF_TREE' || rc=$?
import difflib, os, sys
src, out, name = sys.argv[1:]
written = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
bad = 0
if not written:
    print("FAIL: %s wrote nothing" % name, file=sys.stderr)
    sys.exit(1)
for rel in written:
    fresh = open(os.path.join(out, rel), "rb").read()
    try:
        committed = open(os.path.join(src, rel), "rb").read()
    except OSError:
        print("FAIL: %s writes %s, which is not committed" % (name, rel), file=sys.stderr)
        bad += 1
        continue
    if fresh != committed:
        diff = list(difflib.unified_diff(committed.decode("utf-8", "replace").splitlines(True),
                                         fresh.decode("utf-8", "replace").splitlines(True), rel, "fresh/" + rel))
        sys.stderr.writelines(diff[:200])
        print("\nFAIL: %s differs from what %s writes today (%d diff lines above, at most 200 shown); rerun "
              "the script and review the change, or fix the script" % (rel, name, len(diff)), file=sys.stderr)
        bad += 1
# Case folders (corpus/<group>/<case>/): committed ones, or files in them, no longer written.
cases = sorted({os.path.dirname(r) for r in written if r.startswith("corpus/") and r.count("/") == 3})
for group in sorted({os.path.dirname(c) for c in cases}):
    for c in sorted(set(os.listdir(os.path.join(src, group))) - set(os.listdir(os.path.join(out, group)))):
        if os.path.isdir(os.path.join(src, group, c)):
            print("FAIL: %s/%s is committed but %s no longer writes it" % (group, c, name), file=sys.stderr)
            bad += 1
for case in cases:
    for f in sorted(set(os.listdir(os.path.join(src, case))) - set(os.listdir(os.path.join(out, case)))):
        print("FAIL: %s/%s is committed but %s no longer writes it" % (case, f, name), file=sys.stderr)
        bad += 1
print("%s: %d files compared" % (name, len(written)))
sys.exit(1 if bad else 0)
EOF_TREE
    [ "$rc" -eq 0 ] || failures=$((failures + 1))
done

# The comparison must be able to fail: a one-byte change to a copy is reported.
sed '1s/"/'"'"'/' "$tmp/sigv4/botocore_diff.jsonl" >"$tmp/tampered.jsonl"
before=$failures
same "$tmp/sigv4/botocore_diff.jsonl" "$tmp/tampered.jsonl" "self-test" 2>/dev/null
compared=$((compared - 1))
if [ "$failures" -eq "$before" ]; then
    echo "FAIL: self-test: a modified file compared equal" >&2
    failures=$((failures + 1))
else
    failures=$before
fi

if [ "$failures" -ne 0 ]; then
    echo "oracle_regen: $failures failing check(s)" >&2
    exit 1
fi
if [ -n "$sdk_missing" ]; then
    echo "oracle_regen: the scripts that ran reproduce the committed files ($compared compared one by one)"
    skip "a corpus generator's oracle is missing (the JS SDK: run scripts/setup.sh, or npm ci --prefix tools/oracle/js)${sdk_missing}"
fi
echo "oracle_regen: the oracle scripts reproduce the committed files ($compared compared one by one, and the corpus generators' trees)"
