#!/usr/bin/env python3
"""Generates the per-operation golden corpus (corpus/ops/<Operation>/*.json) and
docs/compatibility-operations.md for all operations of the EKS model. See corpus/ops/README.md
for the case format.

Every case is built here from fixed inputs; its expectation comes from outside ekscodec:
  * the specification, implemented independently below: the service model extract
    (schema/eks-2017-11-01.json: members, required lists, enum values, min/max/pattern, HTTP
    bindings, idempotency tokens, error shapes), Smithy restJson1 (labels, query strings, JSON
    bodies, epoch-seconds timestamps, error-type extraction), RFC 3986 (percent-encoding of
    labels), DESIGN.md §2 (diagnostic codes, lenient/strict);
  * botocore (tools/oracle/botocore_corpus.py: a real client with a canned HTTP layer) for the
    request (method, path, query, body, content type), the parsed output and the error code,
    whenever it accepts the input and its answer matches the spec;
  * the AWS SDK for JavaScript v3 (tools/oracle/js/eks_oracle.mjs) as a second witness.
Each case records both SDKs' raw answers ("oracles"), whether each matches the expectation
("agree"), who decided it ("source": botocore, else js-sdk, else spec) and, when an SDK
disagrees, why ekscodec does what it does ("reason"; also a row of
docs/compatibility-operations.md).

Deterministic: fixed inputs, one seeded PRNG per operation, sorted keys, generated idempotency
tokens masked. Usage:
  npm ci --prefix tools/oracle/js                    # once, into the git-ignored node_modules
  EKSCODEC_SHARED_DIR=../shared python3 tools/oracle/gen_ops_corpus.py            # the repo
  EKSCODEC_SHARED_DIR=../shared python3 tools/oracle/gen_ops_corpus.py --out DIR  # DIR/corpus/ops
Exit status 77 when an oracle (botocore, node, @aws-sdk/client-eks) is missing, 1 when the
self-check (file-name verdicts against expectations, coverage) fails.
"""
import argparse
import base64
import json
import math
import os
import random
import re
import shutil
import sys

from corpus_common import (FIXED_TOKEN, HERE, ROOT, SCHEMA, SHAPES, TOKEN, diag, encode_label,
                           jdump, norm_diags, oracle_missing, run_oracle_jobs, same, sanitize_type, shorten)

sys.path.insert(0, HERE)

OPS = SCHEMA["operations"]
OP_NAMES = sorted(OPS)
ERROR_SHAPES = sorted(n for n, s in SHAPES.items() if s.get("exception"))

REGION = "us-west-2"
ESCAPE_LABEL = "a b/\u00fc:+%"          # starts with an alphanumeric: satisfies ClusterName's pattern
JSON_CT = ["Content-Type", "application/json"]
T0 = 1700000000



# Why ekscodec departs from an SDK: keyed by a tag that cases carry.
REASONS = {
    "max": "the model's max (length in code points, items, entries or value) is a constraint of the input: ekscodec refuses the request (length_out_of_range / value_out_of_range); botocore checks no max, the JS SDK nothing",
    "min": "the model's min is a constraint of the input: ekscodec refuses the request; the JS SDK checks nothing (botocore checks min, except on maps)",
    "map-min": "TagMap has min 1: an empty map is refused (length_out_of_range); botocore checks no min on maps, the JS SDK nothing",
    "pattern": "the model's pattern (ECMA-262, searched, not implicitly anchored) is a constraint of the input: ekscodec refuses a value that does not match (pattern_mismatch); neither SDK checks patterns",
    "label-empty": "an empty label would address a different path (e.g. /clusters/ instead of /clusters/{name}): refused (empty_uri_label, DESIGN §3); the SDKs send it",
    "label-dot": "'.' or '..' as a label is a dot segment a server or proxy may normalize away (RFC 3986 §5.2.4): refused (dot_segment_label, DESIGN §3); the SDKs send it",
    "bool-int": "a JSON boolean is not an integer (Smithy integer): ekscodec refuses it (wrong_type); botocore's validator accepts bool (a subclass of int) and sends 'True', the JS SDK sends 'true'",
    "wrong-type": "a value of the wrong JSON type violates the model: ekscodec refuses it (wrong_type) and drops it, so a required member counts as missing too; botocore's validator refuses it as well, the JS SDK serializes it as given",
    "missing-required": "a required member is absent: refused (missing_required_member); the JS SDK validates only labels",
    "enum-param": "an enum value the model does not list is sent as given with an unknown_enum_value warning (an error in strict mode); the SDKs send it silently",
    "enum-strict": "strict mode makes an unknown enum value an error: refused",
    "enum": "the SDKs pass unknown enum values through silently; ekscodec keeps the raw value and reports it (DESIGN §2: warning, error in strict mode)",
    "constraint-response": "a response value violating the model's min/max/pattern is kept and reported (warning, error in strict mode); the SDKs do not check responses",
    "coerce": "a response member of the wrong JSON type is an error (wrong_type) and is dropped: botocore coerces it (\"42\" -> 42, 1 -> a boolean, an object's keys for a list of strings) or crashes (a list of structures given as an object), the JS SDK passes it through or crashes",
    "unmodeled": "an error of the service that the operation does not list is read by the service's shape, as botocore reads it (the JS SDK copies the body's members), with an unmodeled_error warning (an error in strict mode)",
    "sdk-raises": "an SDK raises a non-service exception (a crash of its parser or serializer) on this input",
    "body-type": "the response body must be a JSON object: anything else is wrong_type at $",
    "no-body": "no body member: restJson1 sends no body and no Content-Type (botocore sends an empty body)",
    "unanchored-pattern": "Smithy patterns are searched, not anchored at both ends: ^[0-9A-Za-z][A-Za-z0-9\\-_]* matches any value that starts with an alphanumeric",
    "unknown-param": "a parameter the model does not have is refused (unknown_member, as codec.h from_params does for the typed operation); botocore refuses it too, the JS SDK ignores it",
    "key-order": "body member order differs; JSON objects are unordered (RFC 8259 §4), so bodies are compared as values",
}


# ---- model helpers -------------------------------------------------------------------------

def shape(name):
    return SHAPES[name]


def is_struct(name):
    return shape(name)["type"] == "structure"


def kids(name):
    s = shape(name)
    if s["type"] == "structure":
        return [m["shape"] for m in s["members"].values()]
    if s["type"] == "list":
        return [s["member"]]
    if s["type"] == "map":
        return [s["key"], s["value"]]
    return []


def reach(name, seen=None):
    seen = set() if seen is None else seen
    if name not in seen:
        seen.add(name)
        for k in kids(name):
            reach(k, seen)
    return seen


def input_members(op):
    return shape(OPS[op]["input"])["members"]


def labels(op):
    return [m for m, d in input_members(op).items() if d.get("location") == "uri"]


def query_members(op):
    return [m for m, d in input_members(op).items() if d.get("location") == "querystring"]


def body_members(op):
    return [m for m, d in input_members(op).items() if "location" not in d]


def token_member(op):
    return next((m for m, d in input_members(op).items() if d.get("idempotencyToken")), None)


def is_ident(k):
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k))


def render(parts):
    """JSON path as codec/json_path.c writes it: $.member, [index], ["odd key"]."""
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif is_ident(p):
            out += "." + p
        else:
            out += '["%s"]' % "".join("?" if ord(c) < 0x20 or c in '"\\\x7f' else c for c in p[:60])
    return out


def first_path(root, target):
    """Shortest path of steps (('m', member) | ('l',) | ('k',) | ('v',)) from root to target."""
    from collections import deque
    q = deque([(root, [])])
    seen = {root}
    while q:
        n, steps = q.popleft()
        if n == target:
            return steps
        s = shape(n)
        nxt = []
        if s["type"] == "structure":
            nxt = [(d["shape"], [("m", m)]) for m, d in s["members"].items()]
        elif s["type"] == "list":
            nxt = [(s["member"], [("l",)])]
        elif s["type"] == "map":
            nxt = [(s["key"], [("k",)]), (s["value"], [("v",)])]
        for c, st in nxt:
            if c not in seen or c == target:
                seen.add(c)
                q.append((c, steps + st))
    return None


# ---- valid values --------------------------------------------------------------------------

class Gen:
    """Valid values for shapes, from a seeded PRNG (one per operation)."""

    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.n = 0
        self.ts = 0

    def string(self, sname, hint):
        s = shape(sname)
        if "enum" in s:
            return self.rnd.choice(s["enum"])
        self.n += 1
        low = hint.lower()
        if "arn" in low and "pattern" not in s:
            v = "arn:aws:iam::111122223333:role/%s-%d" % (hint, self.n)
        elif low.endswith("version") and "pattern" not in s:
            v = "1.%d" % (28 + self.rnd.randint(0, 6))
        else:
            v = "%s%d" % (re.sub(r"[^A-Za-z0-9]", "", hint) or "v", self.n)
            if "pattern" in s:
                v = "c" + v
        lo, hi = s.get("min", 0), s.get("max")
        if len(v) < lo:
            v = v + "x" * (lo - len(v))
        if hi is not None and len(v) > hi:
            v = v[:hi]
        return v

    def integer(self, sname):
        s = shape(sname)
        lo = s.get("min", 1)
        hi = s.get("max", lo + 20)
        return self.rnd.randint(lo, min(hi, lo + 20))

    def timestamp(self):
        self.ts += 1
        return T0 + 86400 * self.ts + (0.125, 0.5, 0.25, 0.75)[self.ts % 4]

    def value(self, sname, full, hint="v", token=False):
        s = shape(sname)
        t = s["type"]
        if t == "structure":
            out = {}
            for m, d in s["members"].items():
                if full or m in s.get("required", []):
                    out[m] = TOKEN if d.get("idempotencyToken") else self.value(d["shape"], full, m)
            # The model types IdentityProviderConfig.type as a plain string, but its
            # documentation says "the only type available is oidc" (ekscodec warns on any
            # other value): valid cases send the one documented value.
            if sname == "IdentityProviderConfig" and "type" in out:
                out["type"] = "oidc"
            return out
        if t == "list":
            n = 1 if is_struct(s["member"]) else 2
            n = max(min(n, s.get("max", n)), s.get("min", 0))
            return [self.value(s["member"], full, hint) for _ in range(n)]
        if t == "map":
            n = max(min(2, s.get("max", 2)), s.get("min", 0))
            out = {}
            while len(out) < n:
                out[self.string(s["key"], "k")] = self.value(s["value"], full, "v")
            return out
        if t == "string":
            return self.string(sname, hint)
        if t == "integer":
            return self.integer(sname)
        if t == "boolean":
            return True
        if t == "timestamp":
            return self.timestamp()
        raise AssertionError(t)


def set_at(root_shape, obj, steps, leaf, gen):
    """Puts leaf at the end of steps inside obj (created along the way, containers get their
    required members); returns the JSON path parts of the leaf."""
    parts = []
    cur, sname = obj, root_shape
    for i, st in enumerate(steps):
        last = i == len(steps) - 1
        s = shape(sname)
        if st[0] == "m":
            m = st[1]
            child = s["members"][m]["shape"]
            parts.append(m)
            if last:
                cur[m] = leaf
                return parts
            if m not in cur or not isinstance(cur[m], (dict, list)):
                cur[m] = gen.value(child, False, m) if is_struct(child) else ([] if shape(child)["type"] == "list" else {})
            cur, sname = cur[m], child
        elif st[0] == "l":
            parts.append(0)
            child = s["member"]
            if last:
                if cur:
                    cur[0] = leaf
                else:
                    cur.append(leaf)
                return parts
            if not cur:
                cur.append(gen.value(child, False) if is_struct(child) else {})
            cur, sname = cur[0], child
        elif st[0] == "v":
            child = s["value"]
            key = next(iter(cur)) if cur else gen.string(s["key"], "k")
            parts.append(key)
            if last:
                cur[key] = leaf
                return parts
            if key not in cur:
                cur[key] = gen.value(child, False)
            cur, sname = cur[key], child
        elif st[0] == "k":
            assert last
            cur[leaf] = gen.value(s["value"], False, "v")
            parts.append(leaf)
            return parts
    raise AssertionError("empty path")


# ---- the specification, implemented independently --------------------------------------

def walk(sname, v, parts, side, strict, diags):
    """Validates v against the shape; returns the value as botocore shapes it, or None (absent).
    side: "input" (encode: constraints are errors, unknown members errors, required checked) or
    "output" (decode: constraints warnings, errors in strict mode; unknown members ignored,
    warned in strict mode; required members not checked)."""
    s = shape(sname)
    t = s["type"]
    path = render(parts)
    if v is None:
        return None
    soft = "error" if side == "input" or strict else "warning"
    if t == "structure":
        if not isinstance(v, dict):
            diags.append(diag("error", "wrong_type", path))
            return None
        out = {}
        for k, x in v.items():
            if k not in s["members"]:
                if side == "input":
                    diags.append(diag("error", "unknown_member", render(parts + [k])))
                elif strict:
                    diags.append(diag("warning", "unknown_member", render(parts + [k])))
                continue
            r = walk(s["members"][k]["shape"], x, parts + [k], side, strict, diags)
            if r is not None:
                out[k] = r
        if side == "input":
            for m in s.get("required", []):
                if m not in out:
                    diags.append(diag("error", "missing_required_member", render(parts + [m])))
        return out
    if t == "list":
        if not isinstance(v, list):
            diags.append(diag("error", "wrong_type", path))
            return None
        if len(v) < s.get("min", 0) or ("max" in s and len(v) > s["max"]):
            diags.append(diag(soft, "length_out_of_range", path))
        out = []
        for i, e in enumerate(v):
            r = walk(s["member"], e, parts + [i], side, strict, diags)
            if r is not None:
                out.append(r)
        return out
    if t == "map":
        if not isinstance(v, dict):
            diags.append(diag("error", "wrong_type", path))
            return None
        if len(v) < s.get("min", 0) or ("max" in s and len(v) > s["max"]):
            diags.append(diag(soft, "length_out_of_range", path))
        out = {}
        for k, x in v.items():
            walk(s["key"], k, parts + [k], side, strict, diags)
            r = walk(s["value"], x, parts + [k], side, strict, diags)
            if r is not None:
                out[k] = r
        return out
    if t == "string":
        if not isinstance(v, str):
            diags.append(diag("error", "wrong_type", path))
            return None
        if "enum" in s and v not in s["enum"]:
            diags.append(diag("error" if strict else "warning", "unknown_enum_value", path))
        n = len(v)  # code points
        if n < s.get("min", 0) or ("max" in s and n > s["max"]):
            diags.append(diag(soft, "length_out_of_range", path))
        if "pattern" in s and not re.search(s["pattern"], v):
            diags.append(diag(soft, "pattern_mismatch", path))
        return v
    if t == "integer":
        if not isinstance(v, int) or isinstance(v, bool):
            diags.append(diag("error", "wrong_type", path))
            return None
        if ("min" in s and v < s["min"]) or ("max" in s and v > s["max"]):
            diags.append(diag(soft, "value_out_of_range", path))
        return v
    if t == "boolean":
        if not isinstance(v, bool):
            diags.append(diag("error", "wrong_type", path))
            return None
        return v
    if t == "timestamp":
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
            diags.append(diag("error", "invalid_timestamp", path))
            return None
        return float(v)
    raise AssertionError(t)


def query_text(sname, v):
    t = shape(sname)["type"]
    if t == "boolean":
        return "true" if v else "false"
    return str(v)


def spec_encode(op, params, strict):
    """Expected encode of boto-style parameters (Smithy restJson1 + DESIGN §2-3)."""
    diags = []
    if not isinstance(params, dict):
        return {"status": "validation_failed", "diagnostics": [diag("error", "wrong_type", "$")]}
    opd = OPS[op]
    members = input_members(op)
    out = walk(opd["input"], params, [], "input", strict, diags)
    for m in labels(op):
        v = out.get(m)
        if v == "":
            diags.append(diag("error", "empty_uri_label", render([m])))
        elif v in (".", ".."):
            diags.append(diag("error", "dot_segment_label", render([m])))
    if any(d["severity"] == "error" for d in diags):
        return {"status": "validation_failed", "diagnostics": diags}
    path = opd["http"]["requestUri"]
    for m in labels(op):
        path = path.replace("{%s}" % members[m]["locationName"], encode_label(out[m]))
    query = []
    for m in query_members(op):
        if m in out:
            d = members[m]
            s = shape(d["shape"])
            vals = out[m] if s["type"] == "list" else [out[m]]
            item = s["member"] if s["type"] == "list" else d["shape"]
            query += [[d["locationName"], query_text(item, x)] for x in vals]
    body = None
    tok = token_member(op)
    generated = False
    if body_members(op):
        body = {m: out[m] for m in body_members(op) if m in out}
        if tok and tok not in body:
            body[tok] = FIXED_TOKEN
            generated = True
    return {"status": "ok", "diagnostics": diags,
            "request": {"method": opd["http"]["method"], "path": path, "query": sorted(query),
                        "body": body, "contentType": "application/json" if body is not None else None,
                        "tokenGenerated": generated}}


def spec_decode(op, status, headers, body_text, strict):
    """Expected decode of a response (restJson1; DESIGN §2)."""
    diags = []
    opd = OPS[op]
    try:
        v = json.loads(body_text) if body_text else None
    except ValueError:
        raise AssertionError("corpus bodies are JSON")
    if status < 300:
        if not isinstance(v, dict):
            return {"status": "validation_failed", "diagnostics": [diag("error", "wrong_type", "$")], "output": {}}
        out = walk(opd["output"], v, [], "output", strict, diags)
        st = "validation_failed" if any(d["severity"] == "error" for d in diags) else "ok"
        return {"status": st, "diagnostics": diags, "output": out}
    hdr = next((val for k, val in headers if k.lower() == "x-amzn-errortype"), None)
    code = sanitize_type(hdr) if hdr else None
    assert code and isinstance(v, dict), "error cases name their type and carry a JSON object"
    # the service's error of that name, listed by the operation or not (botocore reads an
    # unlisted one's members with the service's shape); not listed is unmodeled_error
    kind = code if code in ERROR_SHAPES else None
    fields = {}
    if kind is None or kind not in opd["errors"]:
        diags.append(diag("error" if strict else "warning", "unmodeled_error", "header:x-amzn-errortype"))
    if kind is not None:
        if shape(kind)["httpStatusCode"] != status:
            diags.append(diag("warning", "status_mismatch", "status"))
        fdiags = []
        fields = walk(kind, v, [], "output", False, fdiags) or {}
        diags.extend(fdiags)
    msg = v.get("message") if isinstance(v.get("message"), str) else None
    st = "validation_failed" if any(d["severity"] == "error" for d in diags) else "ok"
    return {"status": st, "diagnostics": diags,
            "error": {"code": code, "kind": kind, "httpStatus": status, "message": msg, "fields": fields}}


# ---- cases ---------------------------------------------------------------------------------

class Case:
    def __init__(self, op, kind, name, inp, expect, tags=(), params_for_decode=None):
        self.op, self.kind, self.slug = op, kind, name
        self.input = inp
        self.expect = expect
        self.tags = list(tags)
        self.oracles = {}
        self.agree = {}
        self.source = "spec"
        if kind == "encode":
            self.job = {"op": "encode", "operation": op, "params": inp["params"], "region": inp["region"],
                        "tokenMember": token_member(op)}
        else:
            self.job = {"op": "decode", "operation": op, "params": params_for_decode, "status": inp["status"],
                        "headers": inp["headers"],
                        "bodyBase64": base64.b64encode(inp["body"].encode("utf-8")).decode()}

    def verdict(self):
        sev = [d["severity"] for d in self.expect["diagnostics"]]
        if "error" in sev or self.expect["status"] != "ok":
            return "n"
        return "i" if "warning" in sev else "y"

    def filename(self):
        return "%s_%s_%s.json" % (self.verdict(), self.kind, self.slug)


class OpCases:
    """The cases of one operation."""

    def __init__(self, op):
        self.op = op
        self.gen = Gen("ekscodec-ops:" + op)
        self.cases = []
        self.minimal = self.gen.value(OPS[op]["input"], False)
        tok = token_member(op)
        if tok:
            self.minimal.pop(tok, None)
        # labels of the minimal input: plain, and valid for their shape
        for m in labels(op):
            if not self.minimal.get(m):
                self.minimal[m] = self.gen.string(input_members(op)[m]["shape"], m)

    def names(self, kind):
        return {c.slug for c in self.cases if c.kind == kind}

    def enc(self, name, params, strict=False, tags=()):
        assert name not in self.names("encode"), (self.op, name)
        inp = {"params": params, "region": REGION, "strict": strict}
        self.cases.append(Case(self.op, "encode", name, inp, spec_encode(self.op, params, strict), tags))

    def dec(self, name, status, body_text, headers=None, strict=False, tags=()):
        assert name not in self.names("decode_response"), (self.op, name)
        headers = headers or [JSON_CT, ["x-amzn-RequestId", "req-%s-%s" % (self.op, name)]]
        inp = {"status": status, "headers": headers, "body": body_text, "strict": strict}
        self.cases.append(Case(self.op, "decode_response", name, inp,
                               spec_decode(self.op, status, headers, body_text, strict), tags,
                               params_for_decode=self.decode_params()))

    def decode_params(self):
        p = json.loads(json.dumps(self.minimal))
        tok = token_member(self.op)
        if tok:
            p[tok] = TOKEN
        return p

    def with_(self, **kw):
        p = json.loads(json.dumps(self.minimal))
        for k, v in kw.items():
            if v is DROP:
                p.pop(k, None)
            else:
                p[k] = v
        return p

    def violate(self, target):
        """An encode case with a value violating `target` placed at the first path from the
        input to that shape."""
        p = json.loads(json.dumps(self.minimal))
        steps = first_path(OPS[self.op]["input"], target)
        leaf, tag = violation_leaf(target, self.gen, ascii_only=steps[-1] == ("k",))
        set_at(OPS[self.op]["input"], p, steps, leaf, self.gen)
        what = {"pattern": "pattern_mismatch", "max": "past_max", "min": "below_min", "map-min": "below_min"}[tag]
        self.enc("%s_%s" % (what, target), p, tags=[tag])


DROP = object()


def violation_leaf(sname, gen, ascii_only=False):
    """A value violating the shape's constraints, and the tag saying which one."""
    s = shape(sname)
    t = s["type"]
    if "pattern" in s:
        return "-bad", "pattern"
    if t == "string":
        if "max" in s:  # past max in code points (each 2 bytes in UTF-8, unless a map key)
            return ("k" if ascii_only else "\u00e9") * (s["max"] + 1), "max"
        return "", "min"
    if t == "integer":
        if "max" in s:
            return s["max"] + 1, "max"
        return s["min"] - 1, "min"
    if t == "list":
        if "max" in s:
            return [gen.value(s["member"], False, "item") for _ in range(s["max"] + 1)], "max"
        return [], "min"
    if t == "map":
        if "max" in s:
            return {"k%02d" % i: gen.value(s["value"], False) for i in range(s["max"] + 1)}, "max"
        return {}, "map-min"
    raise AssertionError(sname)


CONSTRAINED = sorted(n for n, s in SHAPES.items() if any(k in s for k in ("min", "max", "pattern"))
                     and s["type"] != "structure")


def plan_constraints():
    """Each constrained shape -> one operation whose input reaches it (spread over operations)."""
    load = {op: 0 for op in OP_NAMES}
    plan = {}
    for sname in CONSTRAINED:
        cands = [op for op in OP_NAMES if sname in reach(OPS[op]["input"])]
        # prefer an operation whose own name suggests the shape (maxResults shapes), then the least loaded
        own = [op for op in cands if sname.startswith(op) or sname.replace("RequestMaxResults", "").replace("MaxResults", "") in op]
        pool = own or cands
        op = min(pool, key=lambda o: (load[o], len(json.dumps(OPS[o])), o))
        load[op] += 1
        plan.setdefault(op, []).append(sname)
    return plan


INVALID_ROTATION = ["label_empty", "missing_required", "label_dot", "wrong_type_integer_for_string",
                    "label_dotdot", "wrong_type_string_for_integer", "wrong_type_boolean_for_integer",
                    "wrong_type_string_for_boolean", "wrong_type_string_for_list"]


def scalar_members(op, types):
    """(member, shape) pairs of the input's top level whose type is in types."""
    return [(m, d["shape"]) for m, d in input_members(op).items()
            if shape(d["shape"])["type"] in types and not d.get("idempotencyToken")]


def invalid_case(oc, kind, probe=False):
    """Adds the refused input `kind` to the operation's cases; False when it does not apply
    (with probe, only says whether it applies)."""
    op = oc.op
    labs = labels(op)
    if kind.startswith("label_"):
        # a label whose shape has no min (so the refusal is the only diagnostic)
        labs = [m for m in labs if "min" not in shape(input_members(op)[m]["shape"])]
        if not labs:
            return False
        val = {"label_empty": "", "label_dot": ".", "label_dotdot": ".."}[kind]
        if probe:
            return True
        oc.enc(kind, oc.with_(**{labs[-1]: val}), tags=["label-empty" if val == "" else "label-dot"])
        return True
    if kind == "missing_required":
        req = shape(OPS[op]["input"]).get("required", [])
        if not req:
            return False
        if probe:
            return True
        oc.enc("missing_required_%s" % req[-1], oc.with_(**{req[-1]: DROP}), tags=["missing-required"])
        return True
    want = {"wrong_type_integer_for_string": (("string",), 42),
            "wrong_type_string_for_integer": (("integer",), "7"),
            "wrong_type_boolean_for_integer": (("integer",), True),
            "wrong_type_string_for_boolean": (("boolean",), "true"),
            "wrong_type_string_for_list": (("list",), "x")}[kind]
    cands = scalar_members(op, want[0])
    if not cands:
        return False
    if probe:
        return True
    m = cands[0][0]
    tags = ["bool-int"] if kind == "wrong_type_boolean_for_integer" else ["wrong-type"]
    oc.enc("%s_%s" % (kind, m), oc.with_(**{m: want[1]}), tags=tags)
    return True


def input_enum_paths(op):
    root = OPS[op]["input"]
    enums = [n for n in reach(root) if "enum" in shape(n)]
    out = []
    for e in sorted(enums):
        steps = first_path(root, e)
        out.append((len(steps), e, steps))
    return sorted(out, key=lambda x: (-x[0], x[1]))


def output_enum_path(op):
    root = OPS[op]["output"]
    enums = sorted(n for n in reach(root) if "enum" in shape(n))
    best = None
    for e in enums:
        steps = first_path(root, e)
        if steps and (best is None or len(steps) > len(best[1])):
            best = (e, steps)
    return best


def request_cases(oc, plan, rot):
    op = oc.op
    oc.enc("minimal", oc.minimal)
    full = oc.gen.value(OPS[op]["input"], True)
    for i, m in enumerate(labels(op)):
        full[m] = oc.gen.string(input_members(op)[m]["shape"], m)
    oc.enc("full", full)
    if labels(op):
        p = oc.with_()
        for i, m in enumerate(labels(op)):
            p[m] = ESCAPE_LABEL if i == 0 else "x:y/z \u00e9"
        oc.enc("label_escaping", p)
    for sname in plan.get(op, []):
        oc.violate(sname)
    # unknown enum value in the parameters (the deepest enum the input reaches)
    ep = input_enum_paths(op)
    if ep:
        _, e, steps = ep[0]
        p = json.loads(json.dumps(oc.minimal))
        set_at(OPS[op]["input"], p, steps, "FutureValue2030", oc.gen)
        oc.enc("unknown_enum_%s" % e, p, tags=["enum-param"])
    # one refused input: of the kinds that apply, the one used least so far
    kinds = [k for k in INVALID_ROTATION if invalid_case(oc, k, probe=True)]
    if kinds:
        kind = min(kinds, key=lambda k: (rot[k], INVALID_ROTATION.index(k)))
        rot[kind] += 1
        invalid_case(oc, kind)


def op_specific_request_cases(cases_by_op):
    lc = cases_by_op["ListClusters"]
    lc.enc("query_include_list", {"include": ["a", "b"]})
    lc.enc("query_include_escaping", {"include": ["all", "a b&c=d/\u00fc"]})
    lc.enc("query_maxResults_min", {"maxResults": 1})
    lc.enc("query_maxResults_max", {"maxResults": 100})
    lc.enc("query_maxResults_below_min", {"maxResults": 0}, tags=["min"])
    lc.enc("query_maxResults_true", {"maxResults": True}, tags=["bool-int"])
    lc.enc("query_maxResults_string", {"maxResults": "7"}, tags=["wrong-type"])
    lc.enc("query_nextToken_escaping", {"nextToken": "eyJ2IjoxfQ==/+ &"})
    cc = cases_by_op["CreateCluster"]
    m = cc.minimal
    cc.enc("name_pattern_unanchored_space", dict(m, name="ok name"), tags=["unanchored-pattern"])
    cc.enc("name_at_max_code_points", dict(m, name="a" + "\u00e9" * 99))
    cc.enc("name_past_max_code_points", dict(m, name="a" + "\u00e9" * 100), tags=["max"])
    cc.enc("name_empty", dict(m, name=""), tags=["min"])
    cc.enc("unknown_enum_strict", dict(m, logging={"clusterLogging": [{"types": ["api", "FutureLog"], "enabled": True}]}),
           strict=True, tags=["enum-strict"])
    da = cases_by_op["DescribeAddon"]
    da.enc("label_pattern_mismatch_clusterName", da.with_(clusterName="-bad"), tags=["pattern"])
    ls = cases_by_op["ListEksAnywhereSubscriptions"]
    ls.enc("query_unknown_enum_in_list", {"includeStatus": ["ACTIVE", "FUTURE"]}, tags=["enum-param"])
    de = cases_by_op["DeleteAddon"]
    de.enc("query_boolean_false", de.with_(preserve=False))
    ue = cases_by_op["UpdateEksAnywhereSubscription"]
    ue.enc("wrong_type_integer_for_boolean", ue.with_(autoRenew=1), tags=["wrong-type"])
    dc = cases_by_op["DescribeCluster"]
    dc.enc("label_percent_encoded_looking", dc.with_(name="a%2Fb"))
    dc.enc("label_dotdot_inside", dc.with_(name="a..b"))
    dc.enc("label_dot_prefix", dc.with_(name="..x"))
    dc.enc("unknown_param", dc.with_(dryRun=True), tags=["unknown-param"])
    tr = cases_by_op["TagResource"]
    tr.enc("below_min_TagMap_empty", tr.with_(tags={}), tags=["map-min"])
    ur = cases_by_op["UntagResource"]
    ur.enc("below_min_TagKeyList_empty", ur.with_(tagKeys=[]), tags=["min"])


# responses


def response_text(v):
    return jdump(v)


WRONG_TYPES = [
    ("string_for_integer", "integer", "42"),
    ("integer_for_boolean", "boolean", 1),
    ("object_for_list_of_strings", "list-scalar", {"a": "b", "c": "d"}),
    ("object_for_list_of_structures", "list-struct", {"k": {}}),
    ("string_for_structure", "structure", "x"),
    ("string_for_timestamp", "timestamp", "2023-11-14T22:13:20Z"),
    ("number_for_string", "string", 7),
    ("string_for_list", "list-any", "x"),
]


def output_slots(op):
    """(category, steps) of every member reachable in the output, shortest path each."""
    root = OPS[op]["output"]
    out = []
    seen = set()
    from collections import deque
    q = deque([(root, [])])
    while q:
        n, steps = q.popleft()
        s = shape(n)
        if s["type"] == "structure":
            for m, d in s["members"].items():
                c = d["shape"]
                cs = shape(c)
                cat = cs["type"]
                if cat == "list":
                    cat = "list-struct" if is_struct(cs["member"]) else "list-scalar"
                key = (n, m)
                if key in seen:
                    continue
                seen.add(key)
                out.append((cat, steps + [("m", m)]))
                if cs["type"] == "structure":
                    q.append((c, steps + [("m", m)]))
                elif cs["type"] == "list" and is_struct(cs["member"]):
                    q.append((cs["member"], steps + [("m", m), ("l",)]))
    return out


def response_cases(oc, rot_wrong, rot_err, err_load):
    op = oc.op
    out_shape = OPS[op]["output"]
    has_members = bool(shape(out_shape)["members"])
    oc.dec("minimal", 200, "{}")
    if has_members:
        oc.dec("full", 200, response_text(oc.gen.value(out_shape, True)))
        ep = output_enum_path(op)
        if ep:
            e, steps = ep
            v = {}
            set_at(out_shape, v, steps, "FutureValue2030", oc.gen)
            oc.dec("unknown_enum_%s" % e, 200, response_text(v), tags=["enum"])
        slots = output_slots(op)
        # one wrongly typed member: of the kinds the output has, the one used least so far
        avail = []
        for i, (name, cat, val) in enumerate(WRONG_TYPES):
            match = [s for c, s in slots if c == cat or (cat == "list-any" and c.startswith("list"))]
            if match:
                avail.append((rot_wrong[name], i, name, val, match[0]))
        if avail:
            _, _, name, val, steps = min(avail, key=lambda a: a[:2])
            rot_wrong[name] += 1
            v = {}
            set_at(out_shape, v, steps, val, oc.gen)
            oc.dec("wrong_type_%s_%s" % (name, steps[-1][1]), 200, response_text(v), tags=["coerce"])
    else:
        oc.dec("unknown_member_ignored", 200, '{"requestedAt":1,"note":"x"}')
        oc.dec("wrong_type_body_array", 200, "[]", tags=["body-type"])
    # one modeled error: the least used one so far, so every error shape appears
    errs = OPS[op]["errors"]
    e = min(errs, key=lambda x: (err_load[x], ERROR_SHAPES.index(x)))
    err_load[e] += 1
    oc.dec("error_%s" % e, shape(e)["httpStatusCode"], response_text(error_body(e, op)),
           headers=[JSON_CT, ["x-amzn-ErrorType", e], ["x-amzn-RequestId", "req-%s-%s" % (op, e)]])


def error_body(e, op):
    body = {"message": "%s: %s failed \u00fc" % (e, op)}
    for m, d in shape(e)["members"].items():
        if m == "message":
            continue
        body[m] = ["us-west-2a", "us-west-2b"] if shape(d["shape"])["type"] == "list" else "%s-%s" % (m, e[:6])
    return body


def op_specific_response_cases(cases_by_op):
    # strict twins: an unknown enum value and a constraint violation, lenient and strict
    dc = cases_by_op["DescribeCluster"]
    body = response_text({"cluster": {"name": "prod", "status": "FutureValue2030"}})
    dc.dec("unknown_enum_ClusterStatus_lenient", 200, body, tags=["enum"])
    dc.dec("unknown_enum_ClusterStatus_strict", 200, body, strict=True, tags=["enum"])
    body = response_text({"cluster": {"name": "prod", "tags": {"team": "v" * 257}}})
    dc.dec("constraint_TagValue_past_max_lenient", 200, body, tags=["constraint-response"])
    dc.dec("constraint_TagValue_past_max_strict", 200, body, strict=True, tags=["constraint-response"])
    # every constrained shape the outputs reach, violated once in a response (lenient), in
    # the operation with the fewest cases so far
    for sname in CONSTRAINED:
        cands = [op for op in OP_NAMES if sname in reach(OPS[op]["output"])]
        if sname == "TagValue" or not cands:
            continue
        op = min(cands, key=lambda o: (len(cases_by_op[o].cases), o))
        oc, root = cases_by_op[op], OPS[op]["output"]
        steps = first_path(root, sname)
        leaf, _ = violation_leaf(sname, oc.gen, ascii_only=steps[-1] == ("k",))
        v = {}
        set_at(root, v, steps, leaf, oc.gen)
        oc.dec("constraint_%s" % sname, 200, response_text(v), tags=["constraint-response"])
    # errors of the service the operation does not list (unmodeled), with their members, one
    # strict (an error there), and a type with a namespace suffix
    for op, e, strict in [("ListClusters", "ResourceNotFoundException", False),
                          ("DescribeCluster", "AccessDeniedException", False),
                          ("TagResource", "ThrottlingException", False),
                          ("DescribeCluster", "ThrottlingException", True)]:
        assert e not in OPS[op]["errors"]
        cases_by_op[op].dec("error_unmodeled_%s%s" % (e, "_strict" if strict else ""), shape(e)["httpStatusCode"],
                            response_text(error_body(e, op)), headers=[JSON_CT, ["x-amzn-ErrorType", e]],
                            strict=strict, tags=["unmodeled"])
    dn = cases_by_op["DescribeNodegroup"]
    dn.dec("error_namespaced_type", 404, response_text({"message": "no such nodegroup", "nodegroupName": "ng"}),
           headers=[JSON_CT, ["x-amzn-ErrorType",
                              "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.eks/"]])


def build_cases():
    plan = plan_constraints()
    by_op = {op: OpCases(op) for op in OP_NAMES}
    rot = {k: 0 for k in INVALID_ROTATION}
    for op in OP_NAMES:
        request_cases(by_op[op], plan, rot)
    op_specific_request_cases(by_op)
    rot_wrong, err_load = {w[0]: 0 for w in WRONG_TYPES}, {e: 0 for e in ERROR_SHAPES}
    for op in OP_NAMES:
        response_cases(by_op[op], rot_wrong, None, err_load)
    op_specific_response_cases(by_op)
    return by_op, plan


# ---- oracles -------------------------------------------------------------------------------

def run_oracles(cases):
    # A copy through JSON: the oracles must not see (or alter) the cases' own objects.
    boto, js = run_oracle_jobs([json.loads(json.dumps(c.job)) for c in cases])
    for c, b, j in zip(cases, boto, js):
        c.oracles = {"botocore": b, "js-sdk": j}


def oracle_request(r):
    """An SDK's encode answer in the expectation's terms."""
    body = r["body"]
    if body == "":
        body = None
    else:
        try:
            body = json.loads(body.replace("<generated-uuid4>", FIXED_TOKEN))
        except ValueError:
            body = {"(not JSON)": r["body"]}
    return {"method": r["method"], "path": r["path"], "query": sorted(r["query"]), "body": body,
            "contentType": r["contentType"], "tokenGenerated": r["tokenGenerated"]}


def compare(c):
    e = c.expect
    mine_ok = e["status"] == "ok"
    for sdk in ("botocore", "js-sdk"):
        r = c.oracles[sdk]
        if c.kind == "encode":
            if not r.get("ok"):
                agree = not mine_ok
            else:
                agree = mine_ok and same(oracle_request(r), e["request"])
        elif "exception" in r:
            agree = False
        elif "error" in e:
            er = e["error"]
            if r.get("ok"):
                agree = False
            else:
                code = r.get("errorCode") if sdk == "botocore" else r.get("errorName")
                members = shape(er["kind"])["members"] if er["kind"] else {}
                agree = mine_ok and code == er["code"] and r.get("message") == er["message"] and \
                    r.get("httpStatus") == er["httpStatus"] and \
                    same({k: v for k, v in r["fields"].items() if k in members and k != "message"},
                         {k: v for k, v in er["fields"].items() if k != "message"})
        else:
            agree = bool(r.get("ok")) and mine_ok and same(r["output"], e["output"])
        c.agree[sdk] = agree
    c.source = "botocore" if c.agree["botocore"] else "js-sdk" if c.agree["js-sdk"] else "spec"


def reason(c):
    if all(c.agree.values()):
        return None
    tags = list(c.tags)
    if c.kind == "encode" and c.expect["status"] == "ok":
        for sdk in ("botocore", "js-sdk"):
            r = c.oracles[sdk]
            if r.get("ok") and not c.agree[sdk] and oracle_request(r)["body"] is None and \
                    c.expect["request"]["body"] is None:
                tags.append("no-body")
    if any("exception" in r for r in c.oracles.values()):
        tags.append("sdk-raises")
    why = [REASONS[t] for t in dict.fromkeys(tags) if t in REASONS]
    return "; ".join(why) or "UNEXPLAINED"


# ---- output --------------------------------------------------------------------------------

SAME_OUTPUT = "<equals expected.output>"


def case_doc(c):
    e = dict(c.expect)
    e["diagnostics"] = norm_diags(e["diagnostics"])
    if c.kind == "encode" and "request" in e:
        e["request"] = dict(e["request"], host=c.host)
    oracles = {}
    for sdk, r in c.oracles.items():
        if c.kind == "decode_response" and r.get("ok") and c.agree[sdk]:
            r = dict(r, output=SAME_OUTPUT)  # equal to expected.output (compared as values)
        oracles[sdk] = r
    doc = {"operation": c.op, "kind": c.kind, "name": c.slug, "input": c.input, "expected": e,
           "oracles": oracles, "agree": c.agree, "source": c.source}
    r = reason(c)
    if r:
        doc["reason"] = r
    if c.tags:
        doc["tags"] = sorted(c.tags)
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=True) + "\n"


def describe(c, sdk):
    r = c.oracles[sdk]
    if c.agree[sdk]:
        return "agrees"
    if c.kind == "encode":
        if not r.get("ok"):
            return "rejects (%s)" % shorten(r["error"].split(" | ")[-1], 70)
        q = ("?" + r["rawQuery"]) if r.get("rawQuery") else ""
        body = ("body `%s`" % shorten(r["body"], 60)) if r["body"] else "no body"
        return "sends %s `%s` %s" % (r["method"], shorten(r["path"] + q, 60), body)
    if "exception" in r:
        return "raises %s" % shorten(r["exception"], 60)
    if r.get("ok"):
        return "returns `%s`" % shorten(jdump(r["output"]), 80)
    return "error `%s`, fields `%s`" % (r.get("errorCode", r.get("errorName")), shorten(jdump(r.get("fields")), 60))


def ours(c):
    e = c.expect
    ds = ", ".join("%s %s %s" % (d["severity"], d["code"], d["path"]) for d in norm_diags(e["diagnostics"]))
    return "%s%s" % (e["status"], "; " + ds if ds else "")


DOC_HEAD = """# Compatibility with botocore and the AWS SDK for JavaScript v3: all operations

GENERATED by tools/oracle/gen_ops_corpus.py — do not edit; change REASONS there and regenerate.

Every case of corpus/ops (all {nops} operations of the EKS model) was run through botocore {boto}
(a real client with a canned HTTP layer, tools/oracle/botocore_corpus.py) and
@aws-sdk/client-eks {js} (tools/oracle/js/eks_oracle.mjs). The table lists every case where
either SDK's answer differs from what ekscodec must do. "agrees" means that SDK's answer
equals the expectation (for encode: method, path, the sorted multiset of decoded query pairs,
the body as a JSON value, Content-Type and whether a token was generated; for 2xx responses
the parsed output; for errors the code, message, HTTP status and modeled fields). Rejecting
an input that ekscodec rejects counts as agreeing.

## What the SDKs do (observed by this generator, not assumed)

Headers are those of the request handed to the HTTP layer (botocore's prepared request; the
JS SDK's HttpRequest before its HTTP handler, which adds Content-Length itself).

{observed}

## Case by case

Cases: {n} ({dis} with a disagreement: botocore {dboto}, JS SDK {djs}).

| operation | case | botocore | JS SDK | ekscodec | why |
| --- | --- | --- | --- | --- | --- |
"""


def observations(cases):
    """Facts about both SDKs, read from this run's oracle answers."""
    def find(op, name):
        return next(c for c in cases if c.op == op and c.slug == name)
    lines = []
    for sdk, label in (("botocore", "botocore"), ("js-sdk", "JS SDK")):
        g = find("DescribeCluster", "minimal").oracles[sdk]
        d = find("DeleteCluster", "minimal").oracles[sdk]
        p = find("StartInsightsRefresh", "minimal").oracles[sdk]
        e = find("ListInsights", "minimal").oracles[sdk]
        q = find("ListClusters", "query_include_list").oracles[sdk]
        b = find("ListClusters", "query_maxResults_true").oracles[sdk]
        i = find("ListClusters", "query_maxResults_max").oracles[sdk]
        esq = find("ListClusters", "query_include_escaping").oracles[sdk]
        f = find("DeleteAddon", "query_boolean_false").oracles[sdk]
        esc = find("DescribeCluster", "label_escaping").oracles[sdk]
        dots = [find(c.op, c.slug).oracles[sdk] for c in cases if c.kind == "encode" and c.slug == "label_dotdot"]
        empt = [find(c.op, c.slug).oracles[sdk] for c in cases if c.kind == "encode" and c.slug == "label_empty"]

        def shape_of(r):
            if not r.get("ok"):
                return "rejects it"
            return "body %s, Content-Type %s, Content-Length %s" % (
                "`%s`" % r["body"] if r["hasBody"] else "empty", r["contentType"] or "absent",
                r["contentLength"] if r["contentLength"] is not None else "absent")
        lines.append("- **%s**: GET without body members: %s; DELETE without body members: %s; "
                     "POST without body members (StartInsightsRefresh): %s; POST with optional body members "
                     "all absent (ListInsights): %s. Query list `include=[a,b]`: `%s`; `include=[all, 'a b&c=d/ü']`: `%s`; "
                     "`maxResults: 100`: `%s`; `maxResults: true`: %s; "
                     "boolean `preserve: false`: `%s`. Label `%s` -> `%s`. Dot-segment labels: %s; empty labels: %s." % (
                         label, shape_of(g), shape_of(d), shape_of(p), shape_of(e), q.get("rawQuery"), esq.get("rawQuery"),
                         i.get("rawQuery"),
                         ("`%s`" % b["rawQuery"]) if b.get("ok") else "rejected", f.get("rawQuery"),
                         ESCAPE_LABEL, esc.get("path"),
                         "sent as is (e.g. `%s`)" % dots[0]["path"] if dots and all(x.get("ok") for x in dots)
                         else "rejected",
                         "sent as is (e.g. `%s`)" % empt[0]["path"] if empt and all(x.get("ok") for x in empt)
                         else "rejected"))
    return "\n".join(lines)


def write_tree(out, by_op, boto_version, js_version):
    root = os.path.join(out, "corpus", "ops")
    for op in OP_NAMES:
        d = os.path.join(root, op)
        if os.path.isdir(d):
            shutil.rmtree(d)
    rows = []
    cases = [c for op in OP_NAMES for c in by_op[op].cases]
    for op in OP_NAMES:
        d = os.path.join(root, op)
        os.makedirs(d)
        for c in sorted(by_op[op].cases, key=lambda c: c.filename()):
            with open(os.path.join(d, c.filename()), "w", encoding="utf-8", newline="\n") as f:
                f.write(case_doc(c))
            if not all(c.agree.values()):
                rows.append("| %s | `%s` | %s | %s | %s | %s |" % (
                    op, c.filename()[:-5], describe(c, "botocore"), describe(c, "js-sdk"),
                    shorten(ours(c), 110), reason(c)))
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    dboto = sum(1 for c in cases if not c.agree["botocore"])
    djs = sum(1 for c in cases if not c.agree["js-sdk"])
    with open(os.path.join(out, "docs", "compatibility-operations.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(DOC_HEAD.format(nops=len(OP_NAMES), boto=boto_version, js=js_version, n=len(cases), dis=len(rows),
                                dboto=dboto, djs=djs, observed=observations(cases)))
        f.write("\n".join(rows) + "\n")
    return cases, rows, dboto, djs


# ---- self-check ----------------------------------------------------------------------------

def self_check(out, by_op, plan):
    problems = []
    root = os.path.join(out, "corpus", "ops")
    for op in OP_NAMES:
        kinds = {"encode": 0, "decode_response": 0}
        errs = 0
        for fn in sorted(os.listdir(os.path.join(root, op))):
            doc = json.load(open(os.path.join(root, op, fn), encoding="utf-8"))
            e = doc["expected"]
            sev = {d["severity"] for d in e["diagnostics"]}
            want = "n" if ("error" in sev or e["status"] != "ok") else "i" if "warning" in sev else "y"
            if not fn.startswith(want + "_" + doc["kind"] + "_"):
                problems.append("%s/%s: verdict prefix should be %s_" % (op, fn, want))
            if (e["status"] == "ok") != ("error" not in sev):
                problems.append("%s/%s: status %s with diagnostics %s" % (op, fn, e["status"], sorted(sev)))
            if doc["kind"] == "encode" and e["status"] == "ok" and "request" not in e:
                problems.append("%s/%s: accepted encode without request" % (op, fn))
            if doc["operation"] != op:
                problems.append("%s/%s: operation %s" % (op, fn, doc["operation"]))
            kinds[doc["kind"]] += 1
            errs += "error" in e
        if kinds["encode"] < 3 or kinds["decode_response"] < 3 or errs < 1:
            problems.append("%s: too few cases %s, %d errors" % (op, kinds, errs))
    cases = [c for op in OP_NAMES for c in by_op[op].cases]
    seen_err = {c.expect["error"]["kind"] for c in cases if "error" in c.expect}
    for e in ERROR_SHAPES:
        if e not in seen_err:
            problems.append("error shape %s never decoded" % e)
    for op in OP_NAMES:
        for q in query_members(op):
            if not any(c.kind == "encode" and c.expect["status"] == "ok" and q in c.input["params"]
                       for c in by_op[op].cases):
                problems.append("%s: query member %s never encoded" % (op, q))
    covered = {s for ss in plan.values() for s in ss}
    for s in CONSTRAINED:
        if s not in covered:
            problems.append("constrained shape %s never violated" % s)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=ROOT, help="root to write corpus/ops and docs/ under (default: the repo)")
    args = ap.parse_args()
    missing = oracle_missing()
    if missing:
        print("SKIP: oracle unavailable: %s" % missing, file=sys.stderr)
        return 77
    import botocore
    by_op, plan = build_cases()
    cases = [c for op in OP_NAMES for c in by_op[op].cases]
    run_oracles(cases)
    hosts = {c.oracles["botocore"]["host"] for c in cases if c.kind == "encode" and c.oracles["botocore"].get("ok")}
    assert len(hosts) == 1, hosts
    host = hosts.pop()
    for c in cases:
        c.host = host
        compare(c)
    js_version = json.load(open(os.path.join(HERE, "js", "node_modules", "@aws-sdk", "client-eks", "package.json")))["version"]
    cases, rows, dboto, djs = write_tree(args.out, by_op, botocore.__version__, js_version)
    problems = self_check(args.out, by_op, plan)
    counts = {}
    for c in cases:
        k = (c.kind, c.verdict())
        counts[k] = counts.get(k, 0) + 1
    print("gen_ops_corpus: %d operations, %d cases" % (len(OP_NAMES), len(cases)), file=sys.stderr)
    for kind in ("encode", "decode_response"):
        n = sum(v for (k, _), v in counts.items() if k == kind)
        print("  %-16s %4d  (y %d, i %d, n %d)" % (kind, n, counts.get((kind, "y"), 0), counts.get((kind, "i"), 0),
                                                   counts.get((kind, "n"), 0)), file=sys.stderr)
    print("  errors decoded   %4d" % sum(1 for c in cases if "error" in c.expect), file=sys.stderr)
    print("  disagreements    %4d cases (botocore %d, JS SDK %d); source: %s" % (
        len(rows), dboto, djs, ", ".join("%s %d" % (s, sum(1 for c in cases if c.source == s))
                                         for s in ("botocore", "js-sdk", "spec"))), file=sys.stderr)
    unexplained = [c for c in cases if reason(c) == "UNEXPLAINED"]
    for c in unexplained:
        problems.append("%s/%s: disagreement without a reason" % (c.op, c.filename()))
    if problems:
        for p in problems:
            print("SELF-CHECK: " + p, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
