#!/bin/sh
# ekscodec-bench runs named cases in the order given, repeats included (bench_vs_simdjson.sh
# interleaves its rounds of pairs in one process that way), and refuses a name it does not have.
set -eu
bench=$1
a=$("$bench" --list | sed -n 1p)
b=$("$bench" --list | sed -n 2p)
got=$("$bench" --iterations 1 "$b" "$a" "$b" | sed 's/^{"name":"\([a-z0-9_]*\)".*/\1/' | tr '\n' ' ')
[ "$got" = "$b $a $b " ] || { echo "bench_cli: ran '$got', want '$b $a $b '"; exit 1; }
if "$bench" --iterations 1 "$a" no_such_case >/dev/null 2>&1; then
    echo "bench_cli: an unknown case name was accepted"
    exit 1
fi
echo "bench_cli: ok ($b $a $b)"
