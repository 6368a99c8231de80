#!/usr/bin/env python3
"""Independent check of a schema extract (and optionally of the generated C tables) against
the official service model.

Written separately from schema/gen_schema.py on purpose (it shares no code with it): the
closure walk, the facts compared and the mapping to descriptor kinds are re-derived here from
the model, so a generator bug cannot hide in code shared with its own test.

  check_extract.py --model service-2.json[.gz] --extract x.json --operation Op [--operation Op2]
                   [--dump tables.json] [--expect Shape.member=location:locationName]...

--dump is the output of tests/schema_fixtures/dump_tables.c built against the generated
tables; --expect pins member bindings the caller read from the model documentation.
Exit 0 when everything matches, 1 with one line per mismatch otherwise.
"""
import argparse
import collections
import gzip
import json
import re
import sys

EXTRACT_SHAPE_KEYS = {"type", "enum", "min", "max", "pattern", "required", "members", "exception",
                      "httpStatusCode", "fault", "errorCode", "union", "member", "key", "value",
                      "timestampFormat"}
EXTRACT_MEMBER_KEYS = {"shape", "location", "locationName", "idempotencyToken", "jsonvalue",
                       "timestampFormat", "hostLabel"}
KINDS = {"structure": "structure", "list": "list", "map": "map", "string": "string",
         "boolean": "boolean", "integer": "integer", "long": "long", "double": "double",
         "float": "double", "timestamp": "timestamp", "blob": "blob"}


def load(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f, object_pairs_hook=collections.OrderedDict)
    with open(path, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=collections.OrderedDict)


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, msg):
        self.problems.append(msg)

    def eq(self, what, model_value, other_value, source="model"):
        if model_value != other_value:
            self.fail("%s: %s %r, got %r" % (what, source, model_value, other_value))


def reachable(model, ops):
    """Breadth-first walk from each operation's input, output and errors."""
    queue = collections.deque()
    for name in ops:
        op = model["operations"][name]
        queue.extend(op[k]["shape"] for k in ("input", "output") if k in op)
        queue.extend(e["shape"] for e in op.get("errors", []))
    found = set()
    while queue:
        n = queue.popleft()
        if n in found:
            continue
        found.add(n)
        s = model["shapes"][n]
        queue.extend(m["shape"] for m in s.get("members", {}).values())
        queue.extend(s[k]["shape"] for k in ("member", "key", "value") if k in s)
    return found


def check_extract(c, model, ex, ops):
    meta = model["metadata"]
    for k, v in ex.get("service", {}).items():
        c.eq("service.%s" % k, meta.get(k), v)
    c.eq("operations in the extract", sorted(ops), sorted(ex["operations"]))
    for name in ops:
        mop, eop = model["operations"][name], ex["operations"].get(name, {})
        http = {k: mop["http"][k] for k in ("method", "requestUri", "responseCode") if k in mop["http"]}
        c.eq("%s.http" % name, http, eop.get("http"))
        for k in ("input", "output"):
            c.eq("%s.%s" % (name, k), mop[k]["shape"] if k in mop else None, eop.get(k))
        c.eq("%s.errors" % name, [e["shape"] for e in mop.get("errors", [])], eop.get("errors"))
    want = reachable(model, ops)
    got = set(ex["shapes"])
    for n in sorted(want - got):
        c.fail("shape %s is in the closure but not in the extract" % n)
    for n in sorted(got - want):
        c.fail("shape %s is in the extract but not in the closure" % n)
    for n in sorted(want & got):
        ms, es = model["shapes"][n], ex["shapes"][n]
        extra = set(es) - EXTRACT_SHAPE_KEYS
        if extra:
            c.fail("%s: unexpected keys %s in the extract" % (n, sorted(extra)))
        for k in ("type", "enum", "min", "max", "pattern", "timestampFormat"):
            c.eq("%s.%s" % (n, k), ms.get(k), es.get(k))
        for k in ("member", "key", "value"):
            c.eq("%s.%s" % (n, k), ms[k]["shape"] if k in ms else None, es.get(k))
        for k in ("exception", "fault", "union"):
            c.eq("%s.%s" % (n, k), bool(ms.get(k)), bool(es.get(k)))
        c.eq("%s.httpStatusCode" % n, ms.get("error", {}).get("httpStatusCode"), es.get("httpStatusCode"))
        c.eq("%s.errorCode" % n, ms.get("error", {}).get("code"), es.get("errorCode"))
        if ms["type"] != "structure":
            if "members" in es or "required" in es:
                c.fail("%s: members on a non-structure" % n)
            continue
        c.eq("%s.required" % n, list(ms.get("required", [])), es.get("required"))
        mm, em = ms.get("members", {}), es.get("members", {})
        c.eq("%s member order" % n, list(mm), list(em))
        for mn in mm:
            if mn not in em:
                continue
            extra = set(em[mn]) - EXTRACT_MEMBER_KEYS
            if extra:
                c.fail("%s.%s: unexpected keys %s in the extract" % (n, mn, sorted(extra)))
            for k in EXTRACT_MEMBER_KEYS:
                c.eq("%s.%s.%s" % (n, mn, k), mm[mn].get(k), em[mn].get(k))
    # rest-json: every {label} of the URI is bound by exactly one uri member of the input.
    for name in ops:
        mop = model["operations"][name]
        labels = sorted(l.rstrip("+") for l in re.findall(r"\{([^}]+)\}", mop["http"]["requestUri"]))
        inp = ex["shapes"].get(ex["operations"].get(name, {}).get("input"), {})
        bound = sorted(m.get("locationName", mn) for mn, m in inp.get("members", {}).items()
                       if m.get("location") == "uri")
        c.eq("%s uri labels bound by uri members" % name, labels, bound)
        for mn, m in inp.get("members", {}).items():
            if m.get("location") == "uri" and mn not in inp.get("required", []):
                c.fail("%s: uri member %s is not required" % (name, mn))


def plain_body_string(model, m):
    """Whether the encoder may write member m with no look at its shape: a body member of a
    string shape that is no enum and has no min, max or pattern."""
    t = model["shapes"][m["shape"]]
    return ("location" not in m and t["type"] == "string" and "enum" not in t and
            not any(k in t for k in ("min", "max", "pattern")))


def check_dump(c, model, dump, ops):
    """The generated C descriptors against the model (not the extract)."""
    want = reachable(model, ops)
    c.eq("shapes in the C tables", sorted(want), sorted(dump["shapes"]))
    for n in sorted(want & set(dump["shapes"])):
        ms, d = model["shapes"][n], dump["shapes"][n]
        kind = "enum" if ms["type"] == "string" and "enum" in ms else KINDS.get(ms["type"], "?")
        c.eq("%s kind" % n, kind, d["kind"])
        c.eq("%s enum" % n, ms.get("enum"), d.get("enum"))
        c.eq("%s min" % n, ms.get("min"), d.get("min"))
        c.eq("%s max" % n, ms.get("max"), d.get("max"))
        c.eq("%s error" % n, bool(ms.get("exception")), d["error"])
        c.eq("%s fault" % n, bool(ms.get("fault")), d["fault"])
        c.eq("%s http status" % n, ms.get("error", {}).get("httpStatusCode", 0), d["httpStatus"])
        if "member" in ms:
            c.eq("%s item" % n, ms["member"]["shape"], d.get("item"))
        if "value" in ms:
            c.eq("%s item" % n, ms["value"]["shape"], d.get("item"))
            c.eq("%s key" % n, ms["key"]["shape"], d.get("key"))
        members = ms.get("members", {}) if ms["type"] == "structure" else {}
        expect = [{"name": mn, "shape": m["shape"], "location": m.get("location", "body"),
                   "locationName": m.get("locationName", mn),
                   "required": mn in ms.get("required", []),
                   "idempotencyToken": bool(m.get("idempotencyToken")),
                   "plainBodyString": plain_body_string(model, m), "otherFlags": 0}
                  for mn, m in members.items()]
        got = [dict(x) for x in d["members"]]
        for g in got:
            # The encoder writes this key verbatim: it must be the JSON string of the name.
            key = json.dumps(g["name"], ensure_ascii=False) + ":"
            c.eq("%s.%s jsonKey" % (n, g["name"]), key, g.pop("jsonKey"))
            c.eq("%s.%s jsonKeyLen" % (n, g["name"]), len(key.encode("utf-8")), g.pop("jsonKeyLen"))
            c.eq("%s.%s nameLen" % (n, g["name"]), len(g["name"].encode("utf-8")), g.pop("nameLen"))
        c.eq("%s member names" % n, [x["name"] for x in expect], [x["name"] for x in got])
        for want_m, got_m in zip(expect, got):
            for k in want_m:
                c.eq("%s.%s %s" % (n, want_m["name"], k), want_m[k], got_m.get(k))
    c.eq("operations in the C tables", sorted(ops), sorted(dump["operations"]))
    errors = []
    for name in ops:
        mop, d = model["operations"][name], dump["operations"].get(name, {})
        c.eq("%s method" % name, mop["http"]["method"], d.get("method"))
        c.eq("%s requestUri" % name, mop["http"]["requestUri"], d.get("requestUri"))
        c.eq("%s responseCode" % name, mop["http"].get("responseCode", 200), d.get("responseCode"))
        for k in ("input", "output"):
            c.eq("%s %s" % (name, k), mop[k]["shape"] if k in mop else None, d.get(k))
        errs = [e["shape"] for e in mop.get("errors", [])]
        c.eq("%s errors" % name, errs, d.get("errors"))
        # Pre-split path: literals and uri-bound input members rebuild the template's path.
        rebuilt = ""
        for g in d.get("uriSegments", []):
            if "literal" in g:
                c.eq("%s uri literal length" % name, len(g["literal"].encode("utf-8")), g["len"])
                rebuilt += g["literal"]
            elif g.get("member") is None or g["location"] != "uri":
                c.fail("%s: uri segment %r is not a uri member of the input" % (name, g))
            else:
                rebuilt += "{%s%s}" % (g["locationName"], "+" if g["greedy"] else "")
        c.eq("%s path rebuilt from uri segments" % name, mop["http"]["requestUri"].split("?", 1)[0], rebuilt)
        errors += [e for e in errs if e not in errors]
    c.eq("error kinds in the C tables", sorted(errors), sorted(dump["errors"]))


def check_expect(c, ex, dump, specs):
    for spec in specs:
        m = re.fullmatch(r"(\w+)\.(\w+)=(\w+):(\w+)", spec)
        if not m:
            c.fail("bad --expect %r" % spec)
            continue
        shape, member, loc, locname = m.groups()
        em = ex["shapes"].get(shape, {}).get("members", {}).get(member)
        if em is None:
            c.fail("--expect %s: no such member in the extract" % spec)
        else:
            c.eq("extract %s.%s binding" % (shape, member), (loc, locname),
                 (em.get("location", "body"), em.get("locationName", member)), "--expect")
        if dump is not None:
            dm = [x for x in dump["shapes"].get(shape, {}).get("members", []) if x["name"] == member]
            if not dm:
                c.fail("--expect %s: no such member in the C tables" % spec)
            else:
                c.eq("C tables %s.%s binding" % (shape, member), (loc, locname),
                     (dm[0]["location"], dm[0]["locationName"]), "--expect")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", required=True)
    p.add_argument("--extract", required=True)
    p.add_argument("--operation", action="append", required=True)
    p.add_argument("--dump")
    p.add_argument("--expect", action="append", default=[])
    a = p.parse_args()
    model, ex = load(a.model), load(a.extract)
    dump = load(a.dump) if a.dump else None
    c = Checker()
    for op in a.operation:
        if op not in model["operations"]:
            c.fail("operation %s is not in the model" % op)
    if not c.problems:
        check_extract(c, model, ex, a.operation)
        if dump is not None:
            check_dump(c, model, dump, a.operation)
        check_expect(c, ex, dump, a.expect)
    for msg in c.problems:
        print("check_extract: " + msg, file=sys.stderr)
    if c.problems:
        return 1
    ops = "+".join(a.operation) if len(a.operation) <= 3 else "%d operations" % len(a.operation)
    print("check_extract: %s: %d shapes match the model%s" % (
        ops, len(ex["shapes"]), " (extract and C tables)" if dump else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
