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
# tools/oracle/gen_corpus.py (with its oracles botocore_corpus.py and js/eks_oracle.mjs) needs
# the JS SDK too and is rerun and compared by ctest test_corpus_differential; a script in those
# folders that neither test covers fails this one.
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

# Every generator in the oracle folders must be covered here or by test_corpus_differential.
covered="tools/oracle/codec_oracle.py tools/oracle/endpoints_oracle.py tools/oracle/sigv4_oracle.py
tools/oracle/cli_decode_oracle.py corpus/captures/make_capture_mixed.py corpus/captures/make_signed.py
tools/oracle/gen_corpus.py tools/oracle/botocore_corpus.py tools/oracle/js/eks_oracle.mjs"
for f in "$src"/tools/oracle/*.py "$src"/tools/oracle/js/*.mjs "$src"/corpus/captures/*.py; do
    rel=${f#"$src"/}
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
    echo "oracle_regen: $failures failure(s) in $compared comparisons" >&2
    exit 1
fi
echo "oracle_regen: $compared files from 6 oracle scripts are identical to the committed ones"
