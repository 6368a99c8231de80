#!/usr/bin/env python3
"""Expected results for the pattern matcher (codec/pattern.c), from an independent oracle.

Smithy's `pattern` trait is an ECMA-262 regular expression, tested as RegExp.prototype.test
does: not implicitly anchored. This script compiles each test pattern with the generator's
own compile_pattern() (schema/gen_schema.py: the atoms the C matcher runs) and asks node's
RegExp (flag `u`: code points, as Smithy requires) for the expected answer on every input.
The output, pattern_cases.json next to this file, is committed; test_constraints reads it.

    python3 tests/pattern_cases/gen_pattern_cases.py        # rewrites pattern_cases.json

Deterministic: fixed inputs plus seeded random strings; node's version is recorded.
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "schema"))
from gen_schema import compile_pattern  # noqa: E402

MODEL_PATTERN = r"^[0-9A-Za-z][A-Za-z0-9\-_]*"  # ClusterName, EksAnywhereSubscriptionName

# (pattern, alphabet for random inputs, hand-picked inputs)
PATTERNS = [
    (MODEL_PATTERN, "aZ09-_ !.ü😀/", [
        "a!", "prod cluster", "9", "-a", "_x", "", "ü", "a", "Z", "0-", "a-_", "A_b-9",
        "a ", " a", "aü", "üa", "😀", "a😀", "prod\ncluster", "\na", "a\u0000b", "\u0000a",
        "my-cluster_01", "x" * 100, "x" * 101, "-" * 10, "é", "e\u0301",
    ]),
    (r"^[a-z0-9-]+$", "az09-A_ ü", ["", "a", "a-b", "A", "a b", "-", "a\n", "ab\u00fc", "ü"]),
    (r"[0-9]{2,3}$", "0123a ü", ["", "1", "12", "123", "1234", "a12", "12a", "a1", "ü12", "12ü", "1ü2"]),
    (r"^a?b{2}c*$", "abcü", ["", "bb", "abb", "abbc", "abbccc", "ab", "abbb", "aabb", "bbca", "bbc"]),
    (r"x\.y", "xy.ü", ["x.y", "xy", "x_y", "ax.yb", "x..y", "x.", ".y", "xx.yy"]),
    (r"^$", "aü", ["", "a", "ü", "\n"]),
    (r"", "aü", ["", "a", "ü"]),
    (r"$", "aü", ["", "a", "ü"]),
    (r"^[\-_]+", "-_a ", ["-", "_", "-_", "a-", "", " -"]),
    (r"ab?$", "abü", ["a", "ab", "abb", "b", "ba", "xa", "aü", ""]),
    (r"^[A-Z]{1,3}-[0-9]+", "AZ-09a", ["A-1", "ABC-12", "ABCD-1", "-1", "A-", "A1", "abc-1", "AB-1x"]),
    (r"[a-c]*", "abcdü", ["", "d", "ü", "abc"]),
    (r"^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$", "0af-g", [
        "b5f0ba18-9a87-4450-8a79-2c1e1e1e1e1e", "B5F0BA18-9A87-4450-8A79-2C1E1E1E1E1E",
        "b5f0ba18-9a87-4450-8a79-2c1e1e1e1e1", "b5f0ba18-9a87-4450-8a79-2c1e1e1e1e1e1",
        "xb5f0ba18-9a87-4450-8a79-2c1e1e1e1e1e", ""]),
    # 64 atoms: the largest pattern the generator accepts; the state of the last atom is bit 63.
    (r"^a{64}$", "ab", ["a" * 63, "a" * 64, "a" * 65, "a" * 63 + "b", ""]),
    (r"^a{0,64}$", "ab", ["", "a", "a" * 64, "a" * 65, "b", "a" * 30 + "b"]),
    (r"[ab]{62}c?d", "abcd", ["a" * 62 + "d", "a" * 62 + "cd", "x" + "ab" * 31 + "d", "a" * 61 + "d",
                             "a" * 62 + "ccd", "b" * 70 + "cd"]),
    (r"^x{2}y?z*", "xyz", ["xx", "x", "xxy", "xxyyz", "xxzzz", "yxx", ""]),
    # An escaped '$' at the end is a literal, not an anchor.
    (r"[\.]\$", ".$a", [".$", "a.$", ".$a", "$", ".", "a."]),
]

RANDOM_PER_PATTERN = 40
RANDOM_MODEL = 2000  # the model's pattern gets a larger differential run
SEED = 20261128


def random_inputs(rng, alphabet, count, max_len):
    out = []
    for _ in range(count):
        n = rng.randint(0, max_len)
        out.append("".join(rng.choice(alphabet) for _ in range(n)))
    return out


JS = r"""
const fs = require('fs');
const req = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = req.map(p => { const re = new RegExp(p.source, 'u'); return p.inputs.map(s => re.test(s)); });
process.stdout.write(JSON.stringify({version: process.version, results: out}));
"""


def main():
    rng = random.Random(SEED)
    request = []
    for source, alphabet, fixed in PATTERNS:
        count = RANDOM_MODEL if source == MODEL_PATTERN else RANDOM_PER_PATTERN
        max_len = 70 if "64" in source or "62" in source else 8
        inputs = list(fixed) + random_inputs(rng, alphabet, count, max_len)
        seen = set()
        inputs = [s for s in inputs if not (s in seen or seen.add(s))]
        request.append({"source": source, "inputs": inputs})
    done = subprocess.run(["node", "-e", JS], input=json.dumps(request).encode("utf-8"),
                          capture_output=True, check=True)
    answer = json.loads(done.stdout)
    patterns = []
    for req, results in zip(request, answer["results"]):
        start, end, atoms = compile_pattern(req["source"])
        patterns.append({
            "source": req["source"],
            "anchored_start": start,
            "anchored_end": end,
            "atoms": [{"cls": bits, "quant": quant} for bits, quant in atoms],
            "cases": [[s, r] for s, r in zip(req["inputs"], results)],
        })
    doc = {
        "generator": "tests/pattern_cases/gen_pattern_cases.py",
        "oracle": "node %s: new RegExp(source, 'u').test(input)" % answer["version"],
        "seed": SEED,
        "patterns": patterns,
    }
    with open(os.path.join(HERE, "pattern_cases.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
