#!/bin/sh
# Schema generator: drift, gzip input, and operations other than the committed one.
#
#   schema_generator_test.sh SOURCE_DIR SHARED_DIR C_COMPILER "WARNING FLAGS"
#
# 0. the committed C files are exactly what the committed extract generates (python3 only);
# 1. drift: regenerating extract + tables from the official model must reproduce the
#    committed files byte for byte;
# 2. the same model gzip-compressed (botocore's .json.gz form) must give identical output;
# 3. DescribeUpdate, DescribeUpdate + DisassociateIdentityProviderConfig, every operation, and
#    a synthetic model covering what EKS does not use (schema_fixtures/synthetic-model.json): the
#    extract and the generated C descriptors are checked against the model by an independent
#    checker (schema_fixtures/check_extract.py), and the generated C compiles with the
#    project's compiler and warnings (-Werror).
# Exit 77 (ctest SKIP_RETURN_CODE) when python3 is absent, or after step 0 when ../shared is;
# with CI=true those are failures (exit 1) instead.
set -eu

src=${1:?source dir}
shared=${2:?shared dir}
cc=${3:?C compiler}
warnings=${4:-}
model="$shared/models/eks-2017-11-01/service-2.json"
gen="$src/schema/gen_schema.py"
checker="$src/tests/schema_fixtures/check_extract.py"
extract_name=eks-2017-11-01.json

# skip MESSAGE: what is missing and how to install it.
skip() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL: schema_generator: $1 (CI=true: a missing oracle or model is a failure, not a skip)" >&2
        exit 1
    fi
    echo "SKIP: schema_generator: $1" >&2
    exit 77
}

if ! command -v python3 >/dev/null 2>&1; then
    skip "python3 not found (run scripts/setup.sh); generator drift not checked"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ekscodec-schema.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# generate DIR [--model M] [--operation OP]...: extract + tables in the repository layout,
# so the header/tables name the extract exactly as the committed ones do.
generate() {
    dir=$1
    shift
    python3 "$gen" all "$@" --out "$dir/schema/$extract_name" \
        --header "$dir/include/ekscodec/model.h" \
        --ids "$dir/codec/generated/model_ids.h" \
        --source "$dir/codec/generated/model_tables.c"
}

# same_tree A B LABEL HINT: the four generated files of A and B are identical.
same_tree() {
    rc=0
    for f in "schema/$extract_name" include/ekscodec/model.h codec/generated/model_ids.h \
             codec/generated/model_tables.c; do
        if ! diff -u "$2/$f" "$1/$f" >"$tmp/diff.out" 2>&1; then
            head -40 "$tmp/diff.out" >&2
            echo "$3: $f differs. $4" >&2
            rc=1
        fi
    done
    return $rc
}

# --- 0. extract -> tables (needs no model) ---------------------------------------------
python3 "$gen" tables --extract "$src/schema/$extract_name" \
    --header "$tmp/fromextract/include/ekscodec/model.h" \
    --ids "$tmp/fromextract/codec/generated/model_ids.h" \
    --source "$tmp/fromextract/codec/generated/model_tables.c"
for f in include/ekscodec/model.h codec/generated/model_ids.h codec/generated/model_tables.c; do
    if ! diff -u "$src/$f" "$tmp/fromextract/$f" >"$tmp/diff.out" 2>&1; then
        head -40 "$tmp/diff.out" >&2
        echo "FAIL: $f is not what schema/$extract_name generates: run \`python3 schema/gen_schema.py all\`" >&2
        exit 1
    fi
done
if [ ! -f "$model" ]; then
    skip "$model absent: put the shared folder at ../shared beside the checkout, or configure with -DEKSCODEC_SHARED_DIR=DIR; only extract -> tables was checked (it matches)"
fi

# --- 1. drift -------------------------------------------------------------------------
generate "$tmp/regen" --model "$model"
same_tree "$tmp/regen" "$src" "drift" \
    "The committed schema files are stale or hand-edited: run \`python3 schema/gen_schema.py all\` and commit the result." ||
    fail "generated files differ from the committed ones"

# The comparison above must be able to fail: a one-byte change in a copy is detected.
mkdir -p "$tmp/tampered"
cp -R "$tmp/regen/." "$tmp/tampered/"
sed 's/"Cancelled"/"Canceled"/' "$tmp/regen/codec/generated/model_tables.c" \
    >"$tmp/tampered/codec/generated/model_tables.c"
if same_tree "$tmp/tampered" "$tmp/regen" "self-test" "(expected)" 2>/dev/null; then
    fail "self-test: a modified model_tables.c was not detected"
fi

# --- 2. gzip-compressed model ---------------------------------------------------------
gzip -c "$model" >"$tmp/service-2.json.gz"
generate "$tmp/gz" --model "$tmp/service-2.json.gz"
same_tree "$tmp/gz" "$tmp/regen" "gzip" "The generator reads .json.gz differently from .json." ||
    fail "output from the gzipped model differs"

# --- 3. other operations --------------------------------------------------------------
# build_and_check DIR OPS...: compile the generated C against temp headers and dump the
# descriptors. codec/model_desc.h includes "generated/model_ids.h" relative to itself, so a
# copy of it goes next to the temp ids: otherwise the committed ids would win.
build_tables() {
    dir=$1
    cp "$src/codec/model_desc.h" "$dir/codec/model_desc.h"
    cp "$src/codec/name_hash.h" "$dir/codec/name_hash.h"
    # shellcheck disable=SC2086 # the warning flags are a list
    $cc -std=c11 $warnings -D_POSIX_C_SOURCE=200809L -fsyntax-only \
        -I"$dir/include" -I"$dir/codec" -I"$src/include" "$dir/codec/generated/model_tables.c" ||
        return 1
    # shellcheck disable=SC2086
    $cc -std=c11 $warnings -D_POSIX_C_SOURCE=200809L -I"$dir/include" -I"$dir/codec" -I"$src/include" \
        -o "$dir/dump_tables" "$src/tests/schema_fixtures/dump_tables.c" \
        "$dir/codec/generated/model_tables.c" || return 1
    "$dir/dump_tables" >"$dir/tables.json"
}

describe_update_bindings="--expect DescribeUpdateRequest.name=uri:name
--expect DescribeUpdateRequest.updateId=uri:updateId
--expect DescribeUpdateRequest.nodegroupName=querystring:nodegroupName
--expect DescribeUpdateRequest.addonName=querystring:addonName
--expect DescribeUpdateRequest.capabilityName=querystring:capabilityName"

# run_ops LABEL OPS...: generate, compile, dump and check against $ops_model.
ops_model=$model
run_ops() {
    label=$1
    shift
    dir="$tmp/$label"
    ops=""
    for op in "$@"; do
        ops="$ops --operation $op"
    done
    # shellcheck disable=SC2086 # word lists built above
    generate "$dir" --model "$ops_model" $ops || { fail "$label: generator failed"; return; }
    build_tables "$dir" || { fail "$label: generated C does not compile cleanly"; return; }
    expect=""
    case " $* " in *" DescribeUpdate "*) expect=$describe_update_bindings ;; esac
    # shellcheck disable=SC2086
    python3 "$checker" --model "$ops_model" --extract "$dir/schema/$extract_name" $ops \
        --dump "$dir/tables.json" $expect || fail "$label: extract or tables differ from the model"
}

run_ops describe_update DescribeUpdate
run_ops multi DescribeUpdate DisassociateIdentityProviderConfig
# The committed operation through the same independent path, for symmetry with the C test.
run_ops committed DisassociateIdentityProviderConfig
# Every operation of the model at once: "more operations are data, not code" (DESIGN §1).
# shellcheck disable=SC2046 # one word per operation name
run_ops all_operations $(python3 -c 'import json, sys; print(" ".join(sorted(json.load(open(sys.argv[1]))["operations"])))' "$model")
# A small hand-written rest-json model with what EKS does not use: every scalar type, header,
# headers-map, statusCode and querystring-list members, a greedy label, a literal query in the
# request URI, responseCode, an operation without input/output/errors, enum values that
# collide with the UNSET/UNKNOWN sentinels or start with a digit, a C keyword as member name.
ops_model="$src/tests/schema_fixtures/synthetic-model.json"
run_ops synthetic PutThing Ping
ops_model=$model

if ! grep -q '"DescribeUpdate"' "$tmp/multi/schema/$extract_name" ||
    ! grep -q '"DisassociateIdentityProviderConfig"' "$tmp/multi/schema/$extract_name"; then
    fail "multi: the extract does not hold both operations"
fi

# The checker must be able to fail: damaged extracts are rejected.
damage() {
    python3 - "$tmp/multi/schema/$extract_name" "$tmp/damaged.json" "$1" <<'EOF'
import json, sys
src, dst, how = sys.argv[1:]
ex = json.load(open(src))
s = ex["shapes"]
if how == "enum":
    s["UpdateType"]["enum"].pop()
elif how == "location":
    s["DescribeUpdateRequest"]["members"]["addonName"]["location"] = "header"
elif how == "closure":
    del s["Cancellation"]
elif how == "order":
    m = s["Update"]["members"]
    s["Update"]["members"] = dict(reversed(list(m.items())))
elif how == "status":
    s["ThrottlingException"]["httpStatusCode"] = 400
json.dump(ex, open(dst, "w"))
EOF
}
for how in enum location closure order status; do
    damage "$how"
    if python3 "$checker" --model "$model" --extract "$tmp/damaged.json" \
        --operation DescribeUpdate --operation DisassociateIdentityProviderConfig >/dev/null 2>&1; then
        fail "self-test: checker accepted an extract with a damaged $how"
    fi
done

if [ "$failures" -ne 0 ]; then
    echo "schema_generator: $failures failure(s)" >&2
    exit 1
fi
echo "schema_generator: committed files match the model; gzip input identical; DescribeUpdate, multi-operation and all-operation tables match the model and compile"
