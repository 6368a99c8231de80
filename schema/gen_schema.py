#!/usr/bin/env python3
"""Schema generator for ekscodec.

Two stages, each usable on its own:

  extract  official service model (service-2.json or botocore's .json.gz)
           -> schema/<name>.json: the facts of the closure of one or more operations
              (shapes, members, required lists, HTTP bindings, error shapes and status
              codes, enum values, length/range constraints). No documentation prose.
  tables   extract -> a generated public header (typed structs and enums) and a generated
              C source (shape descriptors walked by the one generic codec engine, enum
              string tables, string<->enum functions).

  all      both, with the default paths of this repository.

Python 3 standard library only. Output is deterministic (sorted where the model has no
order of its own; model order kept for members and enum values, since that order is what
the SDKs serialize).
"""
import argparse
import gzip
import json
import os
import re
import sys

GENERATOR_VERSION = 2
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Member traits that matter on the wire; everything else in the model (documentation,
# deprecation notes, box) is prose or client-side sugar and stays out of the extract.
MEMBER_TRAITS = ("location", "locationName", "idempotencyToken", "jsonvalue",
                 "timestampFormat", "hostLabel")
SHAPE_CONSTRAINTS = ("min", "max", "pattern")


def load_model(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def closure(model, operations):
    shapes = model["shapes"]
    seen = []
    stack = []
    for op_name in operations:
        if op_name not in model["operations"]:
            raise SystemExit("gen_schema: operation %r is not in the model" % op_name)
        op = model["operations"][op_name]
        for key in ("input", "output"):
            if key in op:
                stack.append(op[key]["shape"])
        for err in op.get("errors", []):
            stack.append(err["shape"])
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.append(name)
        s = shapes[name]
        for m in s.get("members", {}).values():
            stack.append(m["shape"])
        for k in ("member", "key", "value"):
            if k in s:
                stack.append(s[k]["shape"])
    return sorted(seen)


def extract(model, operations):
    shapes = model["shapes"]
    meta = model["metadata"]
    out = {
        "generator": "schema/gen_schema.py",
        "generatorVersion": GENERATOR_VERSION,
        "service": {k: meta[k] for k in ("apiVersion", "endpointPrefix", "protocol",
                                         "signingName", "serviceId", "uid", "jsonVersion")
                    if k in meta},
        "operations": {},
        "shapes": {},
    }
    for op_name in operations:
        op = model["operations"][op_name]
        entry = {"http": {k: op["http"][k] for k in ("method", "requestUri", "responseCode")
                          if k in op["http"]}}
        for key in ("input", "output"):
            if key in op:
                entry[key] = op[key]["shape"]
        entry["errors"] = [e["shape"] for e in op.get("errors", [])]
        out["operations"][op_name] = entry
    for name in closure(model, operations):
        s = shapes[name]
        e = {"type": s["type"]}
        if "enum" in s:
            e["enum"] = list(s["enum"])
        for c in SHAPE_CONSTRAINTS:
            if c in s:
                e[c] = s[c]
        if s["type"] == "structure":
            e["required"] = list(s.get("required", []))
            members = {}
            for mname, m in s.get("members", {}).items():
                me = {"shape": m["shape"]}
                for t in MEMBER_TRAITS:
                    if t in m:
                        me[t] = m[t]
                members[mname] = me
            e["members"] = members
            if s.get("exception"):
                e["exception"] = True
                e["httpStatusCode"] = s.get("error", {}).get("httpStatusCode")
                if s.get("fault"):
                    e["fault"] = True
                if "code" in s.get("error", {}):
                    e["errorCode"] = s["error"]["code"]
            if s.get("union"):
                e["union"] = True
        for k in ("member", "key", "value"):
            if k in s:
                e[k] = s[k]["shape"]
        if "timestampFormat" in s:
            e["timestampFormat"] = s["timestampFormat"]
        out["shapes"][name] = e
    return out


# ---------------------------------------------------------------------------------------
# C generation

def snake(name):
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s)
    return s.strip("_").lower()


def c_ident(name):
    s = snake(name)
    if s[:1].isdigit():
        s = "v_" + s
    return s


C_KEYWORDS = {"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
              "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
              "register", "restrict", "return", "short", "signed", "sizeof", "static",
              "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
              "bool", "true", "false",
              # C++ keywords: the public headers are included from C++ too (extern "C")
              "alignas", "alignof", "and", "asm", "catch", "class", "compl", "concept", "consteval",
              "constexpr", "constinit", "decltype", "delete", "explicit", "export", "friend",
              "mutable", "namespace", "new", "noexcept", "not", "nullptr", "operator", "or",
              "private", "protected", "public", "requires", "template", "this", "throw", "try",
              "typeid", "typename", "using", "virtual", "xor", "co_await", "co_return", "co_yield",
              "char8_t", "char16_t", "char32_t", "wchar_t", "static_assert", "thread_local",
              "dynamic_cast", "static_cast", "const_cast", "reinterpret_cast", "bitand", "bitor",
              "and_eq", "or_eq", "xor_eq", "not_eq"}


def enum_constants(values):
    """C constant suffixes for enum values. A model value that would collide with the
    UNSET/UNKNOWN sentinels (ErrorCode has a real value "Unknown") gets a _VALUE suffix."""
    out = []
    for v in values:
        c = c_ident(v).upper()
        if c in ("UNSET", "UNKNOWN"):
            c += "_VALUE"
        out.append(c)
    if len(set(out)) != len(out):
        raise SystemExit("gen_schema: enum values map to colliding C names: %r" % values)
    return out


def field_name(member):
    f = c_ident(member)
    return f + "_" if f in C_KEYWORDS else f


KIND = {
    "structure": "EKS_KIND_STRUCTURE", "list": "EKS_KIND_LIST", "map": "EKS_KIND_MAP",
    "string": "EKS_KIND_STRING", "boolean": "EKS_KIND_BOOLEAN", "integer": "EKS_KIND_INTEGER",
    "long": "EKS_KIND_LONG", "double": "EKS_KIND_DOUBLE", "float": "EKS_KIND_DOUBLE",
    "timestamp": "EKS_KIND_TIMESTAMP", "blob": "EKS_KIND_BLOB",
}
LOCATION = {None: "EKS_LOC_BODY", "uri": "EKS_LOC_URI", "querystring": "EKS_LOC_QUERY",
            "header": "EKS_LOC_HEADER", "headers": "EKS_LOC_HEADERS",
            "statusCode": "EKS_LOC_STATUS"}


MASK64 = (1 << 64) - 1


def name_hash_key(name):
    """The 64-bit value codec/name_hash.h's eks_name_hash_slot multiplies by the seed: the
    same words, read little-endian, the same constants."""
    b = name.encode("utf-8")
    n = len(b)
    a = bb = c = 0
    if n >= 8:
        a = int.from_bytes(b[:8], "little")
        bb = int.from_bytes(b[n - 8:], "little")
        if n >= 16:
            c = int.from_bytes(b[(n - 8) // 2:(n - 8) // 2 + 8], "little")
    elif n >= 4:
        a = int.from_bytes(b[:4], "little")
        bb = int.from_bytes(b[n - 4:], "little")
    elif n:
        a = b[0] | b[n // 2] << 8 | b[n - 1] << 16
    return ((a * 0x9E3779B97F4A7C15) & MASK64) ^ ((bb * 0xC2B2AE3D27D4EB4F) & MASK64) ^ \
        ((c * 0x165667B19E3779F9) & MASK64) ^ n


def perfect_hash(names):
    """(seed, bits, slots) under which no two names share a slot, or None. Deterministic: the
    seeds come from a fixed sequence, so the tables are the same on every run."""
    keys = [name_hash_key(x) for x in names]
    if len(set(keys)) != len(keys) or len(names) > 255:
        return None  # two names the hashed words cannot tell apart: a plain search then
    import random
    rng = random.Random(0x656b73)
    min_bits = max(1, (len(names) - 1).bit_length())
    for bits in range(min_bits, min_bits + 4):
        for _ in range(4000):
            seed = rng.getrandbits(64) | 1
            slots = [0] * (1 << bits)
            for i, k in enumerate(keys):
                slot = ((k * seed) & MASK64) >> (64 - bits)
                if slots[slot]:
                    break
                slots[slot] = i + 1
            else:
                return seed, bits, slots
    return None


def write_name_hash(w, cname, names):
    """Writes `static const eks_name_hash cname` and returns its address as C, or "NULL"."""
    found = perfect_hash(names)
    if not found:
        return "NULL"
    seed, bits, slots = found
    w("static const uint8_t %s_slots[%d] = {%s};" % (cname, len(slots), ", ".join(map(str, slots))))
    w("static const eks_name_hash %s = {UINT64_C(0x%016x), %d, %s_slots};" % (cname, seed, 64 - bits, cname))
    return "&" + cname


def c_str(s):
    out = ['"']
    for ch in s.encode("utf-8"):
        c = chr(ch)
        if c in '"\\':
            out.append("\\" + c)
        elif 32 <= ch < 127 and c != "?":  # '?' avoided: trigraphs
            out.append(c)
        else:
            out.append("\\%03o" % ch)
    out.append('"')
    return "".join(out)



# ---------------------------------------------------------------------------------------
# Patterns: the model's `pattern` traits compiled into atom lists for codec/pattern.c.
# Smithy patterns are ECMA-262 regular expressions and are NOT implicitly anchored. Only
# the subset the model uses is accepted (anchors, literals, bracket classes of ASCII
# characters and ranges, escapes of punctuation, and the quantifiers ? * + {m} {m,n});
# anything else stops generation, so a new model with a richer pattern fails here, loudly,
# instead of being checked wrongly.

PATTERN_MAX_ATOMS = 64
QUANT_ONE, QUANT_OPT, QUANT_STAR = "EKS_PATTERN_ONE", "EKS_PATTERN_OPTIONAL", "EKS_PATTERN_STAR"


def _class_bits(chars):
    bits = [0, 0, 0, 0]
    for c in chars:
        o = ord(c)
        if o >= 128:
            raise SystemExit("gen_schema: pattern class holds a non-ASCII character %r" % c)
        bits[o // 32] |= 1 << (o % 32)
    return bits


def compile_pattern(src):
    """-> (anchored_start, anchored_end, [(bits, quant)]) with counted repeats expanded."""
    i, n = 0, len(src)
    start = end = False
    atoms = []
    if src.startswith("^"):
        start, i = True, 1
    while i < n:
        c = src[i]
        if c == "$" and i == n - 1:
            end = True
            i += 1
            continue
        if c == "[":
            j = i + 1
            if j < n and src[j] == "^":
                raise SystemExit("gen_schema: negated class in pattern %r is not supported" % src)
            chars = []
            while j < n and src[j] != "]":
                ch = src[j]
                if ch == "\\":
                    j += 1
                    ch = src[j]
                    if ch.isalnum():
                        raise SystemExit("gen_schema: class escape \\%s in pattern %r is not supported" % (ch, src))
                if j + 2 < n and src[j + 1] == "-" and src[j + 2] != "]":
                    hi = src[j + 2]
                    if hi == "\\":
                        raise SystemExit("gen_schema: escaped range end in pattern %r" % src)
                    chars += [chr(k) for k in range(ord(ch), ord(hi) + 1)]
                    j += 3
                else:
                    chars.append(ch)
                    j += 1
            if j >= n:
                raise SystemExit("gen_schema: unterminated class in pattern %r" % src)
            bits = _class_bits(chars)
            i = j + 1
        elif c == "\\":
            if i + 1 >= n or src[i + 1].isalnum():
                raise SystemExit("gen_schema: escape in pattern %r is not supported" % src)
            bits = _class_bits(src[i + 1])
            i += 2
        elif c in ".()|*+?{}^$":
            raise SystemExit("gen_schema: %r in pattern %r is not supported" % (c, src))
        else:
            bits = _class_bits(c)
            i += 1
        lo, hi = 1, 1
        if i < n and src[i] in "?*+":
            lo, hi = {"?": (0, 1), "*": (0, None), "+": (1, None)}[src[i]]
            i += 1
        elif i < n and src[i] == "{":
            m = re.match(r"\{(\d+)(,(\d*))?\}", src[i:])
            if not m:
                raise SystemExit("gen_schema: bad repeat in pattern %r" % src)
            lo = int(m.group(1))
            hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
            i += m.end()
        for _ in range(lo):
            atoms.append((bits, QUANT_ONE))
        if hi is None:
            atoms.append((bits, QUANT_STAR))
        else:
            for _ in range(hi - lo):
                atoms.append((bits, QUANT_OPT))
    if len(atoms) > PATTERN_MAX_ATOMS:
        raise SystemExit("gen_schema: pattern %r needs %d atoms (at most %d)" % (src, len(atoms), PATTERN_MAX_ATOMS))
    return start, end, atoms


# ---------------------------------------------------------------------------------------
# Routing: the operations' path templates as a trie of path segments. Each node has its
# literal children sorted by bytes (with a perfect hash where there are more than a few), at
# most one label child, and the operations that end there, by method. Matching walks one node per segment, so its cost
# depends on the path, not on the number of operations.

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
ROUTE_SCAN_MAX = 3  # literal children a node has before the router hashes them


def route_segments(tpl):
    """A path template's segments: "/" has none, "/a/{b}" has two."""
    return tpl[1:].split("/") if tpl != "/" else []


def route_trie(ops):
    """ops: [(op_name, method, path template)] -> (nodes, edges, ends, label names) in C order;
    a node ends with its literals (in edge order, for its name hash); an end's labels, named as
    its operation's template names them, start at its index into the label names."""
    root = {"lit": {}, "label": None, "ends": []}
    for name, method, tpl in ops:
        if not tpl.startswith("/"):
            raise SystemExit("gen_schema: %s: request URI %r does not start with '/'" % (name, tpl))
        node = root
        segs = route_segments(tpl)
        labels = []
        for seg in segs:
            if "{" in seg or "}" in seg:
                m = re.fullmatch(r"\{([A-Za-z0-9_]+)(\+?)\}", seg)
                if not m:
                    raise SystemExit("gen_schema: %s: label %r is not a whole segment: "
                                     "the router does not support it" % (name, seg))
                labels.append(m.group(1))
                greedy = m.group(2) == "+"
                if greedy and seg is not segs[-1]:
                    raise SystemExit("gen_schema: %s: greedy label %r is not the last segment" % (name, seg))
                if node["label"] is None:
                    node["label"] = {"lit": {}, "label": None, "ends": [], "greedy": greedy}
                elif node["label"]["greedy"] != greedy:
                    raise SystemExit("gen_schema: %s: greedy and plain labels at one position" % name)
                node = node["label"]
            else:
                node = node["lit"].setdefault(seg, {"lit": {}, "label": None, "ends": []})
        if any(e[0] == method for e in node["ends"]):
            raise SystemExit("gen_schema: %s: %s %s is ambiguous with another operation" % (name, method, tpl))
        node["ends"].append((method, name, labels))
    nodes, edges, ends, label_names = [], [], [], []
    order = []

    def number(node):  # breadth-first ids, so children sit near their parents
        queue = [node]
        while queue:
            nd = queue.pop(0)
            nd["id"] = len(order)
            order.append(nd)
            for k in sorted(nd["lit"], key=lambda x: x.encode("utf-8")):
                queue.append(nd["lit"][k])
            if nd["label"] is not None:
                queue.append(nd["label"])
    number(root)
    for nd in order:
        first_edge = len(edges)
        lits = sorted(nd["lit"], key=lambda x: x.encode("utf-8"))
        for k in lits:
            edges.append((k, nd["lit"][k]["id"]))
        first_end = len(ends)
        for method, name, labels in sorted(nd["ends"], key=lambda e: METHODS.index(e[0])):
            ends.append((method, name, len(label_names)))
            label_names.extend(labels)
        nodes.append((first_edge, len(lits), nd["label"]["id"] if nd["label"] else -1,
                      first_end, len(nd["ends"]), bool(nd["label"] and nd["label"]["greedy"]), lits))
    return nodes, edges, ends, label_names


class Gen:
    def __init__(self, ex):
        self.ex = ex
        self.shapes = ex["shapes"]
        self.names = sorted(self.shapes)
        self.index = {n: i for i, n in enumerate(self.names)}

    def is_enum(self, name):
        s = self.shapes[name]
        return s["type"] == "string" and "enum" in s

    def ctype(self, name):
        """C type used for a member whose target shape is `name`."""
        s = self.shapes[name]
        t = s["type"]
        if t == "string":
            return ("eks_%s_field" % c_ident(name)) if "enum" in s else "eks_str"
        if t == "blob":
            return "eks_str"
        if t == "boolean":
            return "eks_opt_bool"
        if t in ("integer", "long"):
            return "eks_opt_int"
        if t in ("double", "float"):
            return "eks_opt_double"
        if t == "timestamp":
            return "eks_timestamp"
        return "eks_%s" % c_ident(name)

    def order(self):
        """Aggregates in dependency order (members before the structs that embed them)."""
        done, out = set(), []

        def visit(n):
            if n in done:
                return
            done.add(n)
            s = self.shapes[n]
            if s["type"] == "structure":
                for m in s["members"].values():
                    visit(m["shape"])
            # list/map items are pointers: no need to define them first, but keep
            # definitions near their users for readability.
            for k in ("member", "value"):
                if k in s:
                    visit(s[k])
            if s["type"] in ("structure", "list", "map"):
                out.append(n)
        for n in self.names:
            visit(n)
        return out

    def header(self):
        ex = self.ex
        L = []
        w = L.append
        w("/*")
        w(" * GENERATED by schema/gen_schema.py from schema/%s — do not edit." % self.extract_name)
        w(" * Typed values for the shapes of: %s (%s %s)." % (
            ", ".join(sorted(ex["operations"])), ex["service"].get("serviceId", "?"),
            ex["service"].get("apiVersion", "?")))
        w(" *")
        w(" * Conventions: every aggregate has `present` (false = absent on the wire; JSON null")
        w(" * also means absent). Strings are eks_str views (ptr NULL = absent). Enum fields keep")
        w(" * the raw wire string next to the constant, so an unknown value is never lost.")
        w(" * In decode results all views point into memory owned by the result.")
        w(" */")
        w("#ifndef EKSCODEC_MODEL_H")
        w("#define EKSCODEC_MODEL_H")
        w("")
        w("#include \"ekscodec/common.h\"")
        w("")
        w("#define EKS_MODEL_GENERATOR_VERSION %d" % GENERATOR_VERSION)
        w("")
        w("#ifdef __cplusplus")
        w("extern \"C\" {")
        w("#endif")
        w("")
        w("typedef struct eks_opt_bool { bool present; bool value; } eks_opt_bool;")
        w("typedef struct eks_opt_int { bool present; int64_t value; } eks_opt_int;")
        w("typedef struct eks_opt_double { bool present; double value; } eks_opt_double;")
        w("/* Epoch seconds at full double precision (rest-json sends a JSON number). */")
        w("typedef struct eks_timestamp { bool present; double epoch_seconds; } eks_timestamp;")
        w("")
        for n in self.names:
            if not self.is_enum(n):
                continue
            vals = self.shapes[n]["enum"]
            base = "EKS_" + c_ident(n).upper()
            w("/* %s: %d values in the model. UNSET = absent; UNKNOWN = a value the model does" % (n, len(vals)))
            w(" * not list (the raw string is kept in the field). */")
            w("typedef enum eks_%s {" % c_ident(n))
            w("    %s_UNSET = 0," % base)
            for v, const in zip(vals, enum_constants(vals)):
                w("    %s_%s, /* %s */" % (base, const, v))
            w("    %s_UNKNOWN" % base)
            w("} eks_%s;" % c_ident(n))
            w("#define %s_COUNT %d" % (base, len(vals)))
            w("typedef struct eks_%s_field { eks_%s value; eks_str raw; } eks_%s_field;" % (
                c_ident(n), c_ident(n), c_ident(n)))
            w("/* Wire string of a known value; NULL for UNSET/UNKNOWN/out of range. Static. */")
            w("EKS_API const char *eks_%s_to_string(eks_%s value);" % (c_ident(n), c_ident(n)))
            w("/* Exact, case-sensitive match; UNKNOWN when not listed (also for NULL). */")
            w("EKS_API eks_%s eks_%s_from_string(const char *s, size_t len);" % (c_ident(n), c_ident(n)))
            w("")
        # forward declarations for list/map item pointers
        for n in self.order():
            w("typedef struct eks_%s eks_%s;" % (c_ident(n), c_ident(n)))
        w("")
        for n in self.order():
            s = self.shapes[n]
            cn = c_ident(n)
            if s["type"] == "structure":
                w("/* %s%s */" % (n, " (error shape, HTTP %s)" % s.get("httpStatusCode") if s.get("exception") else ""))
                w("struct eks_%s {" % cn)
                w("    bool present;")
                for mname, m in s["members"].items():
                    req = " /* required */" if mname in s["required"] else ""
                    w("    %s %s;%s" % (self.ctype(m["shape"]), field_name(mname), req))
                w("};")
            elif s["type"] == "list":
                w("/* %s: list of %s */" % (n, s["member"]))
                w("struct eks_%s {" % cn)
                w("    bool present;")
                w("    size_t count;")
                w("    %s *items;" % self.ctype(s["member"]))
                w("};")
            elif s["type"] == "map":
                w("/* %s: map of %s to %s */" % (n, s["key"], s["value"]))
                w("struct eks_%s {" % cn)
                w("    bool present;")
                w("    size_t count;")
                w("    eks_str *keys;")
                w("    %s *values;" % self.ctype(s["value"]))
                w("};")
            w("")
        # error kinds across the generated operations
        errs = self.error_shapes()
        w("/* Every error shape the generated operations can return; UNMODELED keeps the raw code. */")
        w("typedef enum eks_error_kind {")
        w("    EKS_ERROR_NONE = 0,")
        for e in errs:
            w("    EKS_ERROR_%s," % c_ident(e).upper())
        w("    EKS_ERROR_UNMODELED")
        w("} eks_error_kind;")
        w("#define EKS_ERROR_KIND_COUNT %d" % len(errs))
        w("/* Modeled fields of the error; the member matching `kind` is the valid one. */")
        w("typedef union eks_error_fields {")
        for e in errs:
            w("    eks_%s %s;" % (c_ident(e), c_ident(e)))
        w("} eks_error_fields;")
        w("EKS_API const char *eks_error_kind_name(eks_error_kind kind); /* shape name or NULL */")
        w("EKS_API int eks_error_kind_http_status(eks_error_kind kind);  /* modeled status or 0 */")
        w("EKS_API eks_error_kind eks_error_kind_from_name(const char *s, size_t len); /* UNMODELED if unknown */")
        w("")
        w("#ifdef __cplusplus")
        w("}")
        w("#endif")
        w("#endif")
        return "\n".join(L) + "\n"

    def error_shapes(self):
        errs = []
        for op in sorted(self.ex["operations"]):
            for e in self.ex["operations"][op]["errors"]:
                if e not in errs:
                    errs.append(e)
        return errs

    def source(self):
        ex = self.ex
        L = []
        w = L.append
        w("/* GENERATED by schema/gen_schema.py from schema/%s — do not edit. */" % self.extract_name)
        w("#include \"model_desc.h\"")
        w("")
        w("#include <stddef.h>")
        w("#include <string.h>")
        w("")
        w("#if EKS_MODEL_GENERATOR_VERSION != %d || EKS_MODEL_DESC_VERSION != 5" % GENERATOR_VERSION)
        w("#error \"model tables and headers come from different generator versions\"")
        w("#endif")
        w("")
        # enum tables + functions
        for n in self.names:
            if not self.is_enum(n):
                continue
            cn = c_ident(n)
            vals = self.shapes[n]["enum"]
            if any(len(v.encode("utf-8")) > 0xFFFF for v in vals):
                raise SystemExit("gen_schema: %s has an enum value longer than 65535 bytes" % n)
            w("static const char *const %s_values[] = {" % cn)
            for v in vals:
                w("    %s," % c_str(v))
            w("};")
            w("static const uint16_t %s_lengths[] = {%s};" % (
                cn, ", ".join(str(len(v.encode("utf-8"))) for v in vals)))
            hashed = write_name_hash(w, cn + "_enum_hash", vals)
            w("static const eks_enum_desc %s_enum = {%s, %d, %s_values, %s_lengths, %s};" % (
                cn, c_str(n), len(vals), cn, cn, hashed))
            w("")
            w("const char *eks_%s_to_string(eks_%s value)" % (cn, cn))
            w("{")
            w("    return eks_enum_to_string(&%s_enum, (int)value);" % cn)
            w("}")
            w("")
            w("eks_%s eks_%s_from_string(const char *s, size_t len)" % (cn, cn))
            w("{")
            w("    return (eks_%s)eks_enum_from_string(&%s_enum, s, len);" % (cn, cn))
            w("}")
            w("")
        # layout guards: the engine treats every enum field / list / map alike
        for n in self.names:
            s = self.shapes[n]
            cn = c_ident(n)
            if self.is_enum(n):
                w("_Static_assert(sizeof(eks_%s) == sizeof(int) && offsetof(eks_%s_field, raw) == offsetof(eks_enum_layout, raw), \"enum layout\");" % (cn, cn))
            elif s["type"] == "list":
                w("_Static_assert(offsetof(eks_%s, count) == offsetof(eks_list_layout, count) && offsetof(eks_%s, items) == offsetof(eks_list_layout, items), \"list layout\");" % (cn, cn))
            elif s["type"] == "map":
                w("_Static_assert(offsetof(eks_%s, keys) == offsetof(eks_map_layout, keys) && offsetof(eks_%s, values) == offsetof(eks_map_layout, values), \"map layout\");" % (cn, cn))
            elif s["type"] == "structure" and len(s["members"]) > 64:
                raise SystemExit("gen_schema: %s has more than 64 members (the decoder tracks them in a 64-bit set)" % n)
        w("")
        # compiled patterns (codec/pattern.c runs them)
        for n in self.names:
            s = self.shapes[n]
            if "pattern" not in s:
                continue
            cn = c_ident(n)
            start, end, atoms = compile_pattern(s["pattern"])
            w("static const eks_pattern_atom %s_pattern_atoms[] = {" % cn)
            for bits, quant in atoms:
                w("    {{0x%08xu, 0x%08xu, 0x%08xu, 0x%08xu}, %s}," % (bits[0], bits[1], bits[2], bits[3], quant))
            w("};")
            w("static const eks_pattern %s_pattern = {%s, %s, %s, %d, %s_pattern_atoms};" % (
                cn, c_str(s["pattern"]), "true" if start else "false", "true" if end else "false",
                len(atoms), cn))
        w("")
        # member tables
        for n in self.names:
            s = self.shapes[n]
            if s["type"] != "structure" or not s["members"]:
                continue
            cn = c_ident(n)
            w("static const eks_member_desc %s_members[] = {" % cn)
            for mname, m in s["members"].items():
                # The decoder matches an expected key by its raw bytes (json_read.h,
                # eks_json_object_next_expecting): a name must read the same escaped or not.
                if not re.fullmatch(r'[\x20-\x7e]+', mname) or '"' in mname or '\\' in mname:
                    raise SystemExit("gen_schema: %s.%s: a member name must be printable ASCII without "
                                     "quote or backslash" % (n, mname))
                loc = LOCATION[m.get("location")]
                locname = m.get("locationName", mname)
                # Query names are written as they are (codec/query.c): they must need no
                # percent-encoding (RFC 3986 unreserved characters only).
                if m.get("location") == "querystring" and not re.fullmatch(r"[A-Za-z0-9._~-]+", locname):
                    raise SystemExit("gen_schema: %s.%s: query name %r needs percent-encoding" % (n, mname, locname))
                flags = []
                if mname in s["required"]:
                    flags.append("EKS_MEMBER_REQUIRED")
                if m.get("idempotencyToken"):
                    flags.append("EKS_MEMBER_IDEMPOTENCY_TOKEN")
                t = self.shapes[m["shape"]]
                if (m.get("location") is None and t["type"] == "string" and "enum" not in t and
                        not any(c in t for c in ("min", "max", "pattern"))):
                    flags.append("EKS_MEMBER_PLAIN_BODY_STRING")
                json_key = json.dumps(mname, ensure_ascii=False) + ":"
                w("    {%s, %d, %s, %d, %s, %d, EKS_SHAPE_%s, %s, %s, offsetof(eks_%s, %s)}," % (
                    c_str(mname), len(mname.encode("utf-8")), c_str(json_key),
                    len(json_key.encode("utf-8")), c_str(locname), len(locname.encode("utf-8")),
                    c_ident(m["shape"]).upper(), loc,
                    " | ".join(flags) or "0", cn, field_name(mname)))
            w("};")
            write_name_hash(w, cn + "_member_hash", list(s["members"]))
        w("")
        w("const eks_shape_desc eks_shapes[EKS_SHAPE_COUNT_] = {")
        for n in self.names:
            s = self.shapes[n]
            cn = c_ident(n)
            kind = "EKS_KIND_ENUM" if self.is_enum(n) else KIND[s["type"]]
            parts = [".name = %s" % c_str(n), ".kind = %s" % kind,
                     ".c_size = sizeof(%s)" % self.ctype(n)]
            if s["type"] == "structure" and s["members"]:
                parts += [".members = %s_members" % cn, ".member_count = %d" % len(s["members"])]
                required = sum(1 << i for i, mname in enumerate(s["members"]) if mname in s["required"])
                if required:
                    parts.append(".required_members = UINT64_C(0x%x)" % required)
                if perfect_hash(list(s["members"])):
                    parts.append(".member_hash = &%s_member_hash" % cn)
            if "member" in s:
                parts.append(".item = EKS_SHAPE_%s" % c_ident(s["member"]).upper())
            if "value" in s:
                parts.append(".item = EKS_SHAPE_%s" % c_ident(s["value"]).upper())
                parts.append(".key = EKS_SHAPE_%s" % c_ident(s["key"]).upper())
            if self.is_enum(n):
                parts.append(".enum_desc = &%s_enum" % cn)
            if s.get("exception"):
                parts.append(".http_status = %d" % (s.get("httpStatusCode") or 0))
                parts.append(".is_error = true")
                if s.get("fault"):
                    parts.append(".is_fault = true")
            for c in ("min", "max"):
                if c in s:
                    parts.append(".has_%s = true, .%s_value = %d" % (c, c, s[c]))
            if "pattern" in s:
                parts.append(".pattern = &%s_pattern" % cn)
            w("    [EKS_SHAPE_%s] = {%s}," % (cn.upper(), ", ".join(parts)))
        w("};")
        w("")
        errs = self.error_shapes()
        w("const eks_error_desc eks_errors[EKS_ERROR_KIND_COUNT] = {")
        for e in errs:
            w("    {EKS_ERROR_%s, EKS_SHAPE_%s, offsetof(eks_error_fields, %s)}," % (
                c_ident(e).upper(), c_ident(e).upper(), c_ident(e)))
        w("};")
        w("")
        for op in sorted(ex["operations"]):
            o = ex["operations"][op]
            co = c_ident(op)
            w("static const eks_error_kind %s_errors[] = {%s};" % (
                co, ", ".join("EKS_ERROR_%s" % c_ident(e).upper() for e in o["errors"]) or "EKS_ERROR_NONE"))
        w("")
        # URI templates pre-split into literal and label segments, so encoding a path is a
        # walk over a small array instead of parsing the template per request.
        for op in sorted(ex["operations"]):
            o = ex["operations"][op]
            co = c_ident(op)
            segs = []
            tpl = o["http"]["requestUri"].split("?", 1)[0]
            inp = self.shapes[o["input"]] if "input" in o else {"members": {}}
            for part in re.split(r"(\{[^}]+\})", tpl):
                if not part:
                    continue
                if part.startswith("{"):
                    name = part[1:-1]
                    greedy = name.endswith("+")
                    name = name.rstrip("+")
                    idx = [i for i, (mn, m) in enumerate(inp["members"].items())
                           if m.get("location") == "uri" and m.get("locationName", mn) == name]
                    if not idx:
                        raise SystemExit("gen_schema: %s: URI label {%s} has no member" % (op, name))
                    segs.append("{NULL, 0, %d, %s}" % (idx[0], "true" if greedy else "false"))
                else:
                    segs.append("{%s, %d, -1, false}" % (c_str(part), len(part.encode("utf-8"))))
            # The encoder checks the labels while walking the template and must report them
            # in member order: every URI member is a label of the template, in member order.
            label_members = [int(x.split(", ")[2]) for x in segs if x.startswith("{NULL")]
            uri_members = [i for i, (mn, m) in enumerate(inp["members"].items()) if m.get("location") == "uri"]
            if label_members != uri_members:
                raise SystemExit("gen_schema: %s: the URI members are not the template's labels in member order" % op)
            w("static const eks_uri_segment %s_uri[] = {%s};" % (co, ", ".join(segs)))
        w("")
        w("const eks_operation_desc eks_operations[EKS_OPERATION_COUNT_] = {")
        for op in sorted(ex["operations"]):
            o = ex["operations"][op]
            co = c_ident(op)
            tpl = o["http"]["requestUri"].split("?", 1)[0]
            nseg = len([p for p in re.split(r"(\{[^}]+\})", tpl) if p])
            method = o["http"]["method"]
            if method not in METHODS:
                raise SystemExit("gen_schema: %s: method %s is not one the router knows" % (op, method))
            inp = self.shapes[o["input"]]["members"] if "input" in o else {}
            body = any(m.get("location") is None for m in inp.values())
            query = sum(1 for m in inp.values() if m.get("location") == "querystring")
            w("    [EKS_OPERATION_%s] = {" % co.upper())
            w("        .name = %s, .snake_name = %s, .cli_name = %s," % (
                c_str(op), c_str(snake(op)), c_str(snake(op).replace("_", "-"))))
            w("        .method = %s, .method_id = EKS_METHOD_%s, .request_uri = %s, .response_code = %d," % (
                c_str(method), method, c_str(o["http"]["requestUri"]), o["http"].get("responseCode", 200)))
            w("        .input = %s, .output = %s," % (
                "EKS_SHAPE_%s" % c_ident(o["input"]).upper() if "input" in o else "EKS_SHAPE_NONE_",
                "EKS_SHAPE_%s" % c_ident(o["output"]).upper() if "output" in o else "EKS_SHAPE_NONE_"))
            w("        .errors = %s_errors, .error_count = %d, .uri_segments = %s_uri, .uri_segment_count = %d," % (
                co, len(o["errors"]), co, nseg))
            token = [i for i, m in enumerate(inp.values()) if m.get("idempotencyToken")]
            w("        .has_body_members = %s, .query_member_count = %d, .token_member = %d}," % (
                "true" if body else "false", query, token[0] if token else -1))
        w("};")
        w("")
        # name lookups: API name, boto3's snake_case, the AWS CLI's kebab-case, each sorted
        # by bytes for binary search
        ops = sorted(ex["operations"])
        for table, key in (("api", lambda o: o), ("snake", snake),
                           ("cli", lambda o: snake(o).replace("_", "-"))):
            rows = sorted(((key(o), o) for o in ops), key=lambda r: r[0].encode("utf-8"))
            w("const eks_operation_name_entry eks_operation_names_%s[EKS_OPERATION_COUNT_] = {" % table)
            for k, o in rows:
                w("    {%s, %d, EKS_OPERATION_%s}," % (c_str(k), len(k.encode("utf-8")), c_ident(o).upper()))
            w("};")
        w("")
        # routing trie
        nodes, edges, ends, label_names = route_trie(
            [(o, ex["operations"][o]["http"]["method"], ex["operations"][o]["http"]["requestUri"].split("?", 1)[0])
             for o in ops])
        w("const eks_route_edge eks_route_edges[%d] = {" % max(1, len(edges)))
        for lit, child in edges or [("", 0)]:
            w("    {%s, %d, %d}," % (c_str(lit), len(lit.encode("utf-8")), child))
        w("};")
        w("const eks_route_end eks_route_ends[%d] = {" % max(1, len(ends)))
        for method, o, first_label in ends:
            w("    {EKS_METHOD_%s, EKS_OPERATION_%s, %d}," % (method, c_ident(o).upper(), first_label))
        w("};")
        w("const char *const eks_route_label_names[%d] = {" % max(1, len(label_names)))
        for n in label_names or [None]:
            w("    %s," % (c_str(n) if n else "NULL"))
        w("};")
        # a scan of a few lengths costs less than hashing the segment
        hashes = [write_name_hash(w, "route_node%d_hash" % i, nd[6])
                  if len(nd[6]) > ROUTE_SCAN_MAX else "NULL" for i, nd in enumerate(nodes)]
        w("const eks_route_node eks_route_nodes[EKS_ROUTE_NODE_COUNT] = {")
        for (fe, ne, lab, fn, nn, greedy, _), hashed in zip(nodes, hashes):
            w("    {%d, %d, %d, %d, %d, %s, %s}," % (fe, ne, lab, fn, nn, "true" if greedy else "false",
                                                  hashed))
        w("};")
        w("")
        svc = ex["service"]
        w("const eks_service_desc eks_service = {")
        w("    .service_id = %s, .api_version = %s, .protocol = %s," % (
            c_str(svc["serviceId"]), c_str(svc["apiVersion"]), c_str(svc["protocol"])))
        w("    .signing_name = %s, .endpoint_prefix = %s," % (
            c_str(svc.get("signingName", svc["endpointPrefix"])), c_str(svc["endpointPrefix"])))
        w("};")
        return "\n".join(L) + "\n"

    def ids_header(self):
        L = []
        w = L.append
        w("/* GENERATED by schema/gen_schema.py from schema/%s — do not edit. */" % self.extract_name)
        w("#ifndef EKSCODEC_MODEL_IDS_H")
        w("#define EKSCODEC_MODEL_IDS_H")
        w("")
        w("typedef enum eks_shape_id {")
        for n in self.names:
            w("    EKS_SHAPE_%s," % c_ident(n).upper())
        w("    EKS_SHAPE_COUNT_,")
        w("    EKS_SHAPE_NONE_ = EKS_SHAPE_COUNT_")
        w("} eks_shape_id;")
        w("")
        w("typedef enum eks_operation_id {")
        for op in sorted(self.ex["operations"]):
            w("    EKS_OPERATION_%s," % c_ident(op).upper())
        w("    EKS_OPERATION_COUNT_")
        w("} eks_operation_id;")
        w("")
        paths = [(o, self.ex["operations"][o]["http"]["method"],
                  self.ex["operations"][o]["http"]["requestUri"].split("?", 1)[0])
                 for o in sorted(self.ex["operations"])]
        nodes = route_trie(paths)[0]
        w("#define EKS_ROUTE_NODE_COUNT %d" % len(nodes))
        w("/* The trie's height: the most segments of any template (bounds the router's walk). */")
        w("#define EKS_ROUTE_DEPTH %d" % max([len(route_segments(t)) for _, _, t in paths] + [0]))
        w("")
        w("/* X(c_name, ModelName, C_NAME) for every enum shape, e.g. for tests that visit each one's")
        w(" * generated eks_<c_name>_from_string / _to_string. */")
        w("#define EKS_MODEL_ENUMS(X) \\")
        enums = [n for n in self.names if self.is_enum(n)]
        for i, n in enumerate(enums):
            w("    X(%s, %s, %s)%s" % (c_ident(n), n, c_ident(n).upper(), " \\" if i + 1 < len(enums) else ""))
        w("")
        w("#endif")
        return "\n".join(L) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def dump_extract(ex):
    return json.dumps(ex, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def cmd_extract(args):
    model = load_model(args.model)
    ex = extract(model, args.operation or sorted(model["operations"]))
    write(args.out, dump_extract(ex))


def cmd_tables(args):
    with open(args.extract, encoding="utf-8") as f:
        ex = json.load(f)
    g = Gen(ex)
    g.extract_name = os.path.basename(args.extract)
    write(args.header, g.header())
    write(args.ids, g.ids_header())
    write(args.source, g.source())


def main(argv=None):
    shared = os.environ.get("EKSCODEC_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
    default_model = os.path.join(shared, "models", "eks-2017-11-01", "service-2.json")
    default_extract = os.path.join(HERE, "eks-2017-11-01.json")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)

    def add_extract_args(sp):
        sp.add_argument("--model", default=default_model, help="service-2.json or .json.gz")
        sp.add_argument("--operation", action="append",
                        help="operation name (repeatable); default: every operation of the model")

    def add_tables_args(sp, with_extract_input):
        if with_extract_input:
            sp.add_argument("--extract", default=default_extract)
        sp.add_argument("--header", default=os.path.join(ROOT, "include", "ekscodec", "model.h"))
        sp.add_argument("--ids", default=os.path.join(ROOT, "codec", "generated", "model_ids.h"))
        sp.add_argument("--source", default=os.path.join(ROOT, "codec", "generated", "model_tables.c"))

    sp = sub.add_parser("extract", help="model -> extract JSON")
    add_extract_args(sp)
    sp.add_argument("--out", default=default_extract)
    sp = sub.add_parser("tables", help="extract JSON -> C header and tables")
    add_tables_args(sp, True)
    sp = sub.add_parser("all", help="extract, then tables")
    add_extract_args(sp)
    sp.add_argument("--out", default=default_extract)
    add_tables_args(sp, False)
    args = p.parse_args(argv)
    if args.cmd == "extract":
        cmd_extract(args)
    elif args.cmd == "tables":
        cmd_tables(args)
    else:
        cmd_extract(args)
        args.extract = args.out
        cmd_tables(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
