#!/usr/bin/env bash
# Decode results of two builds compared file by file (a decoder change meant to keep every
# result, as a faster reader: the json_kernels fuzz target compares this tree's kernels with
# each other, this compares the tree with an older one). scripts/decode_dump.c is built
# against each build's libekscodec.a (public API only) and decodes every input as the success
# response of all 65 operations, lenient, strict and under a 9-byte string limit.
#   scripts/decode_ab.sh OLD_BUILD NEW_BUILD [DIR...]
# Inputs: every JSON object found in corpus/ and bench/data/ (bodies, and bodies held in
# strings), each written compactly, indented, with its keys reversed, with a space before
# each colon, with a space after each comma and cut at a random byte; plus every file in
# each DIR (say build-fuzz/fuzz/corpus/response_decode; DECODE_DUMP_SKIP=N drops N selector
# bytes from each, as op_decode's corpus needs 2). Prints the files that differ, with the first
# differing lines of the first; exit status 1 if any differ.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 OLD_BUILD NEW_BUILD [DIR...]" >&2; exit 2; }
old=$1 new=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for side in old new; do
  lib=$([[ $side == old ]] && echo "$old" || echo "$new")/libekscodec.a
  [[ -f $lib ]] || { echo "no $lib: build that tree first" >&2; exit 2; }
  # shellcheck disable=SC2046 # pkg-config prints a list of flags
  cc -O1 -I"$here/../include" "$here/decode_dump.c" -o "$tmp/dump_$side" "$lib" \
    $(pkg-config --libs json-c openssl) -lm
done
mkdir "$tmp/in"
python3 - "$here/.." "$tmp/in" <<'PY'
import glob, json, os, random, sys
root, out = sys.argv[1], sys.argv[2]
random.seed(1)
def reverse(o):
    if isinstance(o, dict):
        return {k: reverse(o[k]) for k in reversed(list(o))}
    return [reverse(x) for x in o] if isinstance(o, list) else o
n = 0
for path in sorted(glob.glob(os.path.join(root, "corpus/**/*.json"), recursive=True) +
                   glob.glob(os.path.join(root, "bench/data/*.json"))):
    try:
        doc = json.load(open(path, encoding="utf-8"))
    except ValueError:
        continue
    stack, objects = [doc], []
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            objects.append(x)
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, str) and x.startswith("{"):
            try:
                stack.append(json.loads(x))
            except ValueError:
                pass
    for o in objects:
        compact = json.dumps(o, separators=(",", ":"))
        for text in (compact, json.dumps(o, indent=1), json.dumps(reverse(o), separators=(",", ":")),
                     compact.replace('":', '" :'), compact.replace(',"', ', "'),
                     compact[:random.randrange(1, len(compact))] if len(compact) > 1 else compact):
            with open(os.path.join(out, "%06d.json" % n), "w", encoding="utf-8") as f:
                f.write(text)
            n += 1
print("decode_ab.sh: %d inputs made from corpus/ and bench/data/" % n, file=sys.stderr)
PY
{ find "$tmp/in" -type f; for d in "$@"; do find "$d" -type f; done; } | sort > "$tmp/list"
echo "decode_ab.sh: $(wc -l < "$tmp/list") inputs, 195 decodes each, per build" >&2
xargs -a "$tmp/list" "$tmp/dump_old" > "$tmp/old.txt"
xargs -a "$tmp/list" "$tmp/dump_new" > "$tmp/new.txt"
if cmp -s "$tmp/old.txt" "$tmp/new.txt"; then
  echo "decode_ab.sh: identical results for every input"
  exit 0
fi
{ diff "$tmp/old.txt" "$tmp/new.txt" || true; } | sed -n 's/^> \(.*\) [0-9a-f]*$/\1/p' > "$tmp/differ"
echo "decode_ab.sh: $(wc -l < "$tmp/differ") inputs decode differently:"
cat "$tmp/differ"
first=$(head -n 1 "$tmp/differ")
[[ $first == "$tmp"/* ]] && { echo "--- $first:"; cat "$first"; echo; }
diff <(DECODE_DUMP_FULL=1 "$tmp/dump_old" "$first") <(DECODE_DUMP_FULL=1 "$tmp/dump_new" "$first") | head -20 || true
exit 1
