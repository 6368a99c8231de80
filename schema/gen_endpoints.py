#!/usr/bin/env python3
"""Endpoint tables for ekscodec, generated from the official EKS endpoint rule set and
the AWS partitions file. Python 3 standard library only.

Two steps, usually run together:

  extract   rule set + partitions  ->  schema/endpoints.json   (the committed facts)
  emit      schema/endpoints.json  ->  codec/generated/endpoints_table.{h,c}

    schema/gen_endpoints.py                       # both steps, default paths
    schema/gen_endpoints.py --rules R.json[.gz] --partitions P.json[.gz] \\
        --facts OUT.json --out-dir DIR            # regenerate elsewhere (tests do this)
    schema/gen_endpoints.py --emit-only --facts schema/endpoints.json --out-dir DIR

Why a rule interpreter rather than hand-written EKS logic: the rule set is the source of
truth and it changes (FIPS hostnames were special-cased per partition after the fact).
Compiling the tree into a few flat tables keeps every branch, message and URL template in
data that can be regenerated and compared, while the C engine stays ~100 lines and knows
nothing about EKS. The generator accepts only the constructs the engine implements
(isSet, not, booleanEquals, stringEquals, getAttr on the partition, aws.partition,
isValidHostLabel, URL templates) and fails loudly on anything else, so a future rule set
cannot be silently mis-evaluated.

Region regexes are translated into a tiny token program (literal, alternation of literals,
\\w, \\d, single characters, with ?, *, + quantifiers) interpreted by a backtracking matcher
in C; the translation is checked here against Python's `re` on probe strings.
"""
import argparse
import gzip
import json
import os
import re
import sys

FORMAT = 1  # bump with the C engine (codec/endpoint.c checks EKS_EP_TABLE_FORMAT)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SHARED = os.path.join(ROOT, "..", "shared", "models")
DEFAULT_RULES = os.path.join(DEFAULT_SHARED, "eks-2017-11-01", "endpoint-rule-set-1.json")
DEFAULT_PARTITIONS = os.path.join(DEFAULT_SHARED, "partitions.json")
DEFAULT_FACTS = os.path.join(HERE, "endpoints.json")
DEFAULT_OUT = os.path.join(ROOT, "codec", "generated")

# builtIn -> engine parameter slot. The engine maps slots to eks_endpoint_params fields.
PARAM_SLOTS = {"AWS::Region": ("EKS_EP_PARAM_REGION", "string"),
               "AWS::UseFIPS": ("EKS_EP_PARAM_USE_FIPS", "boolean"),
               "AWS::UseDualStack": ("EKS_EP_PARAM_USE_DUALSTACK", "boolean"),
               "SDK::Endpoint": ("EKS_EP_PARAM_ENDPOINT", "string")}
# Partition attributes the engine knows: name -> (C enum, type)
ATTRS = {"name": ("EKS_EP_ATTR_NAME", "string"),
         "dnsSuffix": ("EKS_EP_ATTR_DNS_SUFFIX", "string"),
         "dualStackDnsSuffix": ("EKS_EP_ATTR_DUALSTACK_DNS_SUFFIX", "string"),
         "implicitGlobalRegion": ("EKS_EP_ATTR_IMPLICIT_GLOBAL_REGION", "string"),
         "supportsFIPS": ("EKS_EP_ATTR_SUPPORTS_FIPS", "boolean"),
         "supportsDualStack": ("EKS_EP_ATTR_SUPPORTS_DUALSTACK", "boolean")}
STRING_ATTRS = [a for a, (_, t) in ATTRS.items() if t == "string"]


class GenError(Exception):
    pass


def load_json(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- extract

def _strip_rule(rule):
    """The rule tree without documentation; everything else is kept as-is."""
    out = {"type": rule["type"], "conditions": rule.get("conditions", [])}
    if rule["type"] == "tree":
        out["rules"] = [_strip_rule(r) for r in rule["rules"]]
    elif rule["type"] == "endpoint":
        out["endpoint"] = rule["endpoint"]
    elif rule["type"] == "error":
        out["error"] = rule["error"]
    else:
        raise GenError(f"unknown rule type {rule['type']!r}")
    return out


def extract(rules_path, partitions_path):
    rs = load_json(rules_path)
    pf = load_json(partitions_path)
    params = {}
    for name, p in sorted(rs["parameters"].items()):
        params[name] = {k: p[k] for k in ("type", "required", "default", "builtIn") if k in p}
    parts = []
    for p in pf["partitions"]:
        for rname, rv in p["regions"].items():
            extra = set(rv) - {"description"}
            if extra:
                # botocore ignores region-level overrides; the Smithy spec applies them.
                # Decide before supporting them instead of guessing.
                raise GenError(f"region {rname} overrides partition outputs {sorted(extra)}")
        parts.append({"id": p["id"], "regionRegex": p["regionRegex"],
                      "outputs": dict(sorted(p["outputs"].items())),
                      "regions": sorted(p["regions"])})
    return {
        "generator": "schema/gen_endpoints.py",
        "format": FORMAT,
        "source": {"ruleset": "eks-2017-11-01/endpoint-rule-set-1.json",
                   "ruleset_version": rs.get("version"),
                   "partitions": "partitions.json",
                   "partitions_version": pf.get("version")},
        "parameters": params,
        "partitions": parts,
        "rules": [_strip_rule(r) for r in rs["rules"]],
    }


# ---------------------------------------------------------------- region regex

def compile_regex(rx):
    """regionRegex -> list of tokens (kind, text, min, max); max None = unbounded."""
    if not rx.startswith("^"):
        raise GenError(f"regionRegex {rx!r}: must be anchored with ^")
    end_anchor = rx.endswith("$") and not rx.endswith("\\$")
    body = rx[1:-1] if end_anchor else rx[1:]
    toks = []
    i = 0

    def literal_char(j):
        c = body[j]
        if c == "\\":
            if j + 1 >= len(body):
                raise GenError(f"{rx!r}: trailing backslash")
            e = body[j + 1]
            if e.isalnum():
                return None, j  # a class escape, not a literal
            return e, j + 2
        if c in "^$.[]{}()|*+?":
            return None, j
        return c, j + 1

    while i < len(body):
        c = body[i]
        if c == "(":
            close = body.find(")", i)
            if close < 0:
                raise GenError(f"{rx!r}: unbalanced (")
            inner = body[i + 1:close]
            if inner.startswith("?"):
                raise GenError(f"{rx!r}: group flags not supported")
            alts = []
            for a in inner.split("|"):
                s, j = "", 0
                while j < len(a):
                    ch, nj = literal_char_in(a, j, rx)
                    s += ch
                    j = nj
                if not s:
                    raise GenError(f"{rx!r}: empty alternative")
                alts.append(s)
            toks.append(["ALT", "|".join(alts), 1, 1])
            i = close + 1
            if i < len(body) and body[i] in "?*+{":
                raise GenError(f"{rx!r}: quantified groups not supported")
            continue
        if c == "\\" and i + 1 < len(body) and body[i + 1] in "wd":
            toks.append(["WORD" if body[i + 1] == "w" else "DIGIT", "", 1, 1])
            i += 2
        else:
            ch, ni = literal_char(i)
            if ch is None:
                raise GenError(f"{rx!r}: unsupported syntax at {body[i:]!r}")
            toks.append(["CHAR", ch, 1, 1])
            i = ni
        if i < len(body) and body[i] in "?*+":
            q = body[i]
            toks[-1][2], toks[-1][3] = {"?": (0, 1), "*": (0, None), "+": (1, None)}[q]
            i += 1
        if i < len(body) and body[i] in "{?*+":
            raise GenError(f"{rx!r}: unsupported quantifier at {body[i:]!r}")
    # Merge runs of single, unquantified characters into one literal token.
    merged = []
    for t in toks:
        if t[0] == "CHAR" and t[2:] == [1, 1]:
            if merged and merged[-1][0] == "LIT":
                merged[-1][1] += t[1]
            else:
                merged.append(["LIT", t[1], 1, 1])
        else:
            merged.append(t)
    return merged, end_anchor


def literal_char_in(s, j, rx):
    c = s[j]
    if c == "\\":
        if j + 1 >= len(s) or s[j + 1].isalnum():
            raise GenError(f"{rx!r}: only escaped punctuation allowed inside groups")
        return s[j + 1], j + 2
    if c in "^$.[]{}()|*+?":
        raise GenError(f"{rx!r}: unsupported syntax inside group")
    return c, j + 1


def _cls(kind, text, ch):
    if kind == "WORD":
        return ch.isascii() and (ch.isalnum() or ch == "_")
    if kind == "DIGIT":
        return ch.isascii() and ch.isdigit()
    return ch == text


def token_match(toks, end_anchor, s, ti=0, si=0):
    """The same backtracking algorithm as rx_match() in codec/endpoint.c."""
    if ti == len(toks):
        return si == len(s) or not end_anchor
    kind, text, lo, hi = toks[ti]
    if kind == "LIT":
        return s.startswith(text, si) and token_match(toks, end_anchor, s, ti + 1, si + len(text))
    if kind == "ALT":
        return any(s.startswith(a, si) and token_match(toks, end_anchor, s, ti + 1, si + len(a))
                   for a in text.split("|"))
    n = 0
    while si + n < len(s) and (hi is None or n < hi) and _cls(kind, text, s[si + n]):
        n += 1
    while n >= lo:
        if token_match(toks, end_anchor, s, ti + 1, si + n):
            return True
        n -= 1
    return False


def _probes(facts):
    out = set()
    for p in facts["partitions"]:
        for r in p["regions"]:
            out.update({r, r + "1", r + "-1", "x" + r, r.upper(), r.replace("-", "_"),
                        r.rstrip("0123456789"), r[:-1] + "12", r.replace("-", "--"),
                        r.replace("east", "e4st"), r + "a"})
            parts = r.split("-")
            for k in range(len(parts)):
                out.add("-".join(parts[:k] + ["x"] + parts[k + 1:]))
                out.add("-".join(parts[:k] + parts[k + 1:]))
    return sorted(out)


def check_regexes(facts):
    probes = _probes(facts)
    for p in facts["partitions"]:
        toks, end = compile_regex(p["regionRegex"])
        for s in probes:
            want = re.match(p["regionRegex"], s) is not None
            got = token_match(toks, end, s)
            if want != got:
                raise GenError(f"regex translation of {p['regionRegex']!r} disagrees with "
                               f"Python re on {s!r}: re={want} ours={got}")
    return len(probes)


def partition_of(facts, region):
    """botocore's aws.partition: first partition (in file order) listing the region or
    matching its regex; else the first partition."""
    for i, p in enumerate(facts["partitions"]):
        if region in p["regions"] or re.match(p["regionRegex"], region):
            return i
    return 0


# ---------------------------------------------------------------- rules -> tables

class Compiler:
    def __init__(self, facts):
        self.facts = facts
        self.params = {}
        for name, p in facts["parameters"].items():
            b = p.get("builtIn")
            if b not in PARAM_SLOTS:
                raise GenError(f"parameter {name}: builtIn {b!r} has no engine slot")
            slot, typ = PARAM_SLOTS[b]
            if typ != p["type"].lower():
                raise GenError(f"parameter {name}: type {p['type']} but slot is {typ}")
            if typ == "boolean" and p.get("required") and p.get("default") is not False:
                # The C struct's bool defaults to false; a true default would need a tri-state.
                raise GenError(f"parameter {name}: default {p.get('default')!r} unsupported")
            self.params[name] = (slot, typ)
        self.assigned = None
        self.rules = []      # flat list, children of a tree contiguous
        self.conds = []
        self.segs = []
        self.messages = []

    def arg(self, a):
        if isinstance(a, bool):
            return ("EKS_EP_ARG_BOOL", "1" if a else "0", None, "boolean")
        if isinstance(a, str):
            if "{" in a or "}" in a:
                raise GenError(f"template strings as function arguments unsupported: {a!r}")
            return ("EKS_EP_ARG_STR", "0", a, "string")
        if isinstance(a, dict) and "ref" in a:
            if a["ref"] not in self.params:
                raise GenError(f"reference to {a['ref']!r} outside getAttr")
            slot, typ = self.params[a["ref"]]
            return ("EKS_EP_ARG_PARAM", slot, None, typ)
        if isinstance(a, dict) and a.get("fn") == "getAttr":
            target, path = a["argv"]
            if target != {"ref": self.assigned} or path not in ATTRS:
                raise GenError(f"getAttr {target!r} {path!r} unsupported")
            enum, typ = ATTRS[path]
            return ("EKS_EP_ARG_ATTR", enum, None, typ)
        raise GenError(f"unsupported argument {a!r}")

    def cond(self, c):
        negate = False
        if c.get("fn") == "not":
            (c,) = c["argv"]
            negate = True
            if "assign" in c:
                raise GenError("not() around an assignment")
        fn, argv = c["fn"], c["argv"]
        none = ("EKS_EP_ARG_NONE", "0", None, None)
        if fn == "aws.partition":
            a = self.arg(argv[0])
            if a[3] != "string" or c.get("assign") is None:
                raise GenError("aws.partition needs a string argument and an assign")
            if self.assigned not in (None, c["assign"]):
                raise GenError("only one partition variable is supported")
            self.assigned = c["assign"]
            return ("EKS_EP_FN_PARTITION", negate, a, none)
        if "assign" in c:
            raise GenError(f"assign on {fn} unsupported")
        if fn == "isSet":
            return ("EKS_EP_FN_IS_SET", negate, self.arg(argv[0]), none)
        if fn in ("booleanEquals", "stringEquals"):
            a, b = self.arg(argv[0]), self.arg(argv[1])
            want = "boolean" if fn == "booleanEquals" else "string"
            if a[3] != want or b[3] != want:
                raise GenError(f"{fn} on {a[3]}/{b[3]}")
            return ("EKS_EP_FN_BOOLEAN_EQUALS" if want == "boolean"
                    else "EKS_EP_FN_STRING_EQUALS", negate, a, b)
        if fn == "isValidHostLabel":
            a, b = self.arg(argv[0]), self.arg(argv[1])
            if a[3] != "string" or b[0] != "EKS_EP_ARG_BOOL":
                raise GenError("isValidHostLabel(string, literal bool) only")
            return ("EKS_EP_FN_IS_VALID_HOST_LABEL", negate, a, b)
        raise GenError(f"function {fn!r} is not implemented by the engine")

    def template(self, url):
        if isinstance(url, dict):
            a = self.arg(url)
            if a[0] != "EKS_EP_ARG_PARAM" or a[3] != "string":
                raise GenError(f"endpoint url {url!r}")
            return [("EKS_EP_SEG_PARAM", a[1], "")]
        segs = []
        pos = 0
        for m in re.finditer(r"\{([^{}]*)\}", url):
            if m.start() > pos:
                segs.append(("EKS_EP_SEG_LIT", "0", url[pos:m.start()]))
            name = m.group(1)
            if "#" in name:
                var, attr = name.split("#", 1)
                if var != self.assigned or attr not in STRING_ATTRS:
                    raise GenError(f"template reference {name!r} unsupported")
                segs.append(("EKS_EP_SEG_ATTR", ATTRS[attr][0], ""))
            else:
                if self.params.get(name, (None, None))[1] != "string":
                    raise GenError(f"template reference {name!r} unsupported")
                segs.append(("EKS_EP_SEG_PARAM", self.params[name][0], ""))
            pos = m.end()
        if pos < len(url):
            segs.append(("EKS_EP_SEG_LIT", "0", url[pos:]))
        if any("{" in s[2] or "}" in s[2] for s in segs):
            raise GenError(f"unbalanced braces in {url!r}")
        return segs

    @staticmethod
    def _cannot_fail(conds):
        return all(c.get("fn") == "aws.partition" for c in conds)

    def compile(self):
        # Breadth-first so the children of every tree are one contiguous range.
        top = self.facts["rules"]
        self._check_exhaustive(top, "root")
        queue = [(top, None)]
        self.root = (0, len(top))
        while queue:
            group, parent = queue.pop(0)
            first = len(self.rules)
            if parent is not None:
                self.rules[parent]["first"], self.rules[parent]["count"] = first, len(group)
            for r in group:
                entry = {"type": r["type"], "cond_first": len(self.conds),
                         "cond_count": len(r["conditions"]), "first": 0, "count": 0,
                         "error": None}
                for c in r["conditions"]:
                    self.conds.append(self.cond(c))
                if r["type"] == "endpoint":
                    ep = r["endpoint"]
                    if ep.get("properties") or ep.get("headers"):
                        # authSchemes would change the signing name/region: extend the
                        # engine (and eks_endpoint) before accepting them.
                        raise GenError(f"endpoint properties/headers unsupported: {ep}")
                    segs = self.template(ep["url"])
                    entry["first"], entry["count"] = len(self.segs), len(segs)
                    self.segs.extend(segs)
                elif r["type"] == "error":
                    entry["error"] = r["error"]
                self.rules.append(entry)
            for k, r in enumerate(group):
                if r["type"] == "tree":
                    queue.append((r["rules"], first + k))
        if len(self.conds) > 65535 or len(self.rules) > 65535 or len(self.segs) > 65535:
            raise GenError("rule set too large for 16-bit indices")
        return self

    def _check_exhaustive(self, group, where):
        # The engine treats a tree whose conditions matched as final (Smithy semantics);
        # botocore falls through to the next sibling. Both agree when every tree ends
        # with a rule that cannot fail, which this rule set has; refuse anything else.
        if where != "root" and not self._cannot_fail(group[-1]["conditions"]):
            raise GenError(f"tree at {where} may match no rule; engine semantics would "
                           "differ from botocore")
        for k, r in enumerate(group):
            if r["type"] == "tree":
                self._check_exhaustive(r["rules"], f"{where}/{k}")


# ---------------------------------------------------------------- C output

def c_str(s):
    out = '"'
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out += "\\" + ch
        elif 0x20 <= o < 0x7F and ch != "?":
            out += ch
        elif o < 0x80:
            out += f"\\{o:03o}"
        else:
            raise GenError(f"non-ASCII text {s!r}")
    return out + '"'


HEADER_TYPES = r"""
/* Parameter slots: the engine maps them to the fields of eks_endpoint_params. */
enum eks_ep_param {
    EKS_EP_PARAM_REGION,
    EKS_EP_PARAM_USE_FIPS,
    EKS_EP_PARAM_USE_DUALSTACK,
    EKS_EP_PARAM_ENDPOINT
};

/* Attributes of the partition bound by aws.partition (PartitionResult#...). */
enum eks_ep_attr {
    EKS_EP_ATTR_NAME,
    EKS_EP_ATTR_DNS_SUFFIX,
    EKS_EP_ATTR_DUALSTACK_DNS_SUFFIX,
    EKS_EP_ATTR_IMPLICIT_GLOBAL_REGION,
    EKS_EP_ATTR_STRING_COUNT_,
    EKS_EP_ATTR_SUPPORTS_FIPS = EKS_EP_ATTR_STRING_COUNT_,
    EKS_EP_ATTR_SUPPORTS_DUALSTACK
};

enum eks_ep_arg_kind { EKS_EP_ARG_NONE, EKS_EP_ARG_PARAM, EKS_EP_ARG_ATTR, EKS_EP_ARG_BOOL, EKS_EP_ARG_STR };

typedef struct eks_ep_arg {
    uint8_t kind;     /* enum eks_ep_arg_kind */
    uint8_t index;    /* PARAM: slot; ATTR: attribute; BOOL: 0 or 1 */
    uint16_t len;     /* STR: strlen(str) */
    const char *str;  /* STR only */
} eks_ep_arg;

enum eks_ep_fn {
    EKS_EP_FN_IS_SET,
    EKS_EP_FN_BOOLEAN_EQUALS,
    EKS_EP_FN_STRING_EQUALS,
    EKS_EP_FN_PARTITION,            /* aws.partition(a), binds the partition variable */
    EKS_EP_FN_IS_VALID_HOST_LABEL   /* isValidHostLabel(a, allowSubDomains = b) */
};

typedef struct eks_ep_cond {
    uint8_t fn;      /* enum eks_ep_fn */
    uint8_t negate;  /* wrapped in not() */
    eks_ep_arg a, b;
} eks_ep_cond;

enum eks_ep_rule_type { EKS_EP_RULE_TREE, EKS_EP_RULE_ENDPOINT, EKS_EP_RULE_ERROR };

typedef struct eks_ep_rule {
    uint8_t type;         /* enum eks_ep_rule_type */
    uint16_t cond_first;  /* into eks_ep_conds */
    uint16_t cond_count;
    uint16_t first;       /* TREE: child rules; ENDPOINT: URL template segments */
    uint16_t count;
    const char *error;    /* ERROR: the rule set's message */
} eks_ep_rule;

enum eks_ep_seg_kind { EKS_EP_SEG_LIT, EKS_EP_SEG_PARAM, EKS_EP_SEG_ATTR };

typedef struct eks_ep_seg {
    uint8_t kind;      /* enum eks_ep_seg_kind */
    uint8_t index;     /* PARAM: slot; ATTR: string attribute */
    uint16_t len;      /* LIT: strlen(lit) */
    const char *lit;
} eks_ep_seg;

/* Region regex token: LIT and ALT match literal text once; WORD (\w, ASCII), DIGIT (\d)
 * and CHAR (one given character) repeat between min and max times (max 0 = unbounded). */
enum eks_ep_rx_kind { EKS_EP_RX_LIT, EKS_EP_RX_ALT, EKS_EP_RX_WORD, EKS_EP_RX_DIGIT, EKS_EP_RX_CHAR };

typedef struct eks_ep_rx_tok {
    uint8_t kind;      /* enum eks_ep_rx_kind */
    uint8_t min, max;
    uint8_t len;       /* strlen(text) */
    const char *text;  /* LIT: the text; ALT: alternatives separated by '|'; CHAR: 1 char */
} eks_ep_rx_tok;

typedef struct eks_ep_partition {
    const char *str[EKS_EP_ATTR_STRING_COUNT_];  /* indexed by the string attributes */
    uint8_t str_len[EKS_EP_ATTR_STRING_COUNT_];
    bool supports_fips;
    bool supports_dualstack;
    bool rx_end_anchored;
    uint16_t rx_first, rx_count;                 /* into eks_ep_rx */
    const char *region_regex;                    /* as in partitions.json, for messages */
} eks_ep_partition;

/* Explicitly listed regions, sorted bytewise, with the partition aws.partition picks. */
typedef struct eks_ep_region {
    const char *name;
    uint8_t len;
    uint8_t partition;
} eks_ep_region;
"""


def emit(facts):
    if facts.get("format") != FORMAT:
        raise GenError(f"facts format {facts.get('format')} != generator format {FORMAT}")
    comp = Compiler(facts).compile()
    nprobes = check_regexes(facts)
    parts = facts["partitions"]
    if len(parts) > 255:
        raise GenError("too many partitions")
    src = facts["source"]
    banner = (f"/* GENERATED by schema/gen_endpoints.py — do not edit.\n"
              f" * Source: {src['ruleset']} (rule set version {src['ruleset_version']}),\n"
              f" *         {src['partitions']} (version {src['partitions_version']}),\n"
              f" *         extracted into schema/endpoints.json. Regenerate with\n"
              f" *         python3 schema/gen_endpoints.py */\n")

    h = [banner, "#ifndef EKSCODEC_GENERATED_ENDPOINTS_TABLE_H",
         "#define EKSCODEC_GENERATED_ENDPOINTS_TABLE_H", "",
         "#include <stdbool.h>", "#include <stddef.h>", "#include <stdint.h>", "",
         "/* Version guard: codec/endpoint.c refuses tables of another format. */",
         f"#define EKS_EP_TABLE_FORMAT {FORMAT}", HEADER_TYPES,
         f"#define EKS_EP_PARTITION_COUNT {len(parts)}",
         "/* aws.partition falls back to this partition when nothing matches (botocore). */",
         "#define EKS_EP_DEFAULT_PARTITION 0", "",
         "extern const eks_ep_partition eks_ep_partitions[];",
         "extern const eks_ep_rx_tok eks_ep_rx[];",
         "extern const eks_ep_region eks_ep_regions[];",
         "extern const size_t eks_ep_region_count;",
         "extern const eks_ep_rule eks_ep_rules[];",
         "extern const eks_ep_cond eks_ep_conds[];",
         "extern const eks_ep_seg eks_ep_segs[];",
         f"/* The top-level rules are eks_ep_rules[{comp.root[0]} .. {comp.root[1] - 1}]. */",
         f"#define EKS_EP_ROOT_FIRST {comp.root[0]}",
         f"#define EKS_EP_ROOT_COUNT {comp.root[1]}",
         f"#define EKS_EP_RULESET_VERSION {c_str(str(src['ruleset_version']))}",
         f"#define EKS_EP_PARTITIONS_VERSION {c_str(str(src['partitions_version']))}",
         "", "#endif", ""]

    c = [banner, '#include "generated/endpoints_table.h"', "",
         "#if EKS_EP_TABLE_FORMAT != " + str(FORMAT),
         '#error "endpoints_table.h and endpoints_table.c come from different generator runs"',
         "#endif", ""]

    # Region regexes
    c.append("const eks_ep_rx_tok eks_ep_rx[] = {")
    rx_ranges = []
    n = 0
    for p in parts:
        toks, end = compile_regex(p["regionRegex"])
        rx_ranges.append((n, len(toks), end))
        c.append(f"    /* {p['id']}: {p['regionRegex']} */")
        for kind, text, lo, hi in toks:
            if len(text) > 255 or lo > 255 or (hi or 0) > 255:
                raise GenError("regex token too large")
            c.append(f"    {{EKS_EP_RX_{kind}, {lo}, {hi or 0}, {len(text)}, {c_str(text)}}},")
        n += len(toks)
    c.append("};")
    c.append("")

    c.append("const eks_ep_partition eks_ep_partitions[EKS_EP_PARTITION_COUNT] = {")
    for p, (first, count, end) in zip(parts, rx_ranges):
        o = dict(p["outputs"])
        o["name"] = p["id"]  # botocore's format_partition_output overwrites name with id
        strs = [o[a] for a in STRING_ATTRS]
        for a in ("supportsFIPS", "supportsDualStack"):
            if not isinstance(o.get(a), bool):
                raise GenError(f"partition {p['id']}: {a} missing")
        c.append(f"    {{ /* {p['id']} */")
        c.append("        {" + ", ".join(c_str(s) for s in strs) + "},")
        c.append("        {" + ", ".join(str(len(s)) for s in strs) + "},")
        c.append(f"        {str(o['supportsFIPS']).lower()}, "
                 f"{str(o['supportsDualStack']).lower()}, {str(end).lower()},")
        c.append(f"        {first}, {count}, {c_str(p['regionRegex'])},")
        c.append("    },")
    c.append("};")
    c.append("")

    regions = {}
    for p in parts:
        for r in p["regions"]:
            if not r.isascii() or len(r) > 63:
                raise GenError(f"region {r!r} is not a short ASCII name")
            regions[r] = partition_of(facts, r)
    c.append("/* Sorted bytewise for binary search. */")
    c.append("const eks_ep_region eks_ep_regions[] = {")
    for r in sorted(regions, key=lambda s: s.encode()):
        c.append(f"    {{{c_str(r)}, {len(r)}, {regions[r]}}}, /* {parts[regions[r]]['id']} */")
    c.append("};")
    c.append(f"const size_t eks_ep_region_count = {len(regions)};")
    c.append("")

    def arg(a):
        kind, index, s, _ = a
        if s is None:
            return f"{{{kind}, {index}, 0, NULL}}"
        return f"{{{kind}, {index}, {len(s)}, {c_str(s)}}}"

    c.append("const eks_ep_cond eks_ep_conds[] = {")
    for i, (fn, neg, a, b) in enumerate(comp.conds):
        c.append(f"    /* {i} */ {{{fn}, {int(neg)}, {arg(a)}, {arg(b)}}},")
    c.append("};")
    c.append("")
    c.append("const eks_ep_seg eks_ep_segs[] = {")
    for i, (kind, index, lit) in enumerate(comp.segs):
        c.append(f"    /* {i} */ {{{kind}, {index}, {len(lit)}, {c_str(lit) if lit else 'NULL'}}},")
    c.append("};")
    c.append("")
    c.append("const eks_ep_rule eks_ep_rules[] = {")
    for i, r in enumerate(comp.rules):
        err = c_str(r["error"]) if r["error"] is not None else "NULL"
        c.append(f"    /* {i} */ {{EKS_EP_RULE_{r['type'].upper()}, {r['cond_first']}, "
                 f"{r['cond_count']}, {r['first']}, {r['count']}, {err}}},")
    c.append("};")
    c.append("")
    return "\n".join(h), "\n".join(c), nprobes


def write_if_changed(path, text):
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old != text:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description="EKS endpoint tables from the official rule set")
    ap.add_argument("--rules", default=DEFAULT_RULES, help="endpoint-rule-set-1.json[.gz]")
    ap.add_argument("--partitions", default=DEFAULT_PARTITIONS, help="partitions.json[.gz]")
    ap.add_argument("--facts", default=DEFAULT_FACTS, help="extracted facts (written, or read "
                    "with --emit-only)")
    ap.add_argument("--out-dir", default=DEFAULT_OUT, help="where endpoints_table.{h,c} go")
    ap.add_argument("--emit-only", action="store_true",
                    help="only generate C from an existing facts file")
    args = ap.parse_args(argv)
    try:
        if args.emit_only:
            facts = load_json(args.facts)
        else:
            facts = extract(args.rules, args.partitions)
        # Emit before writing anything, so a rule set the engine cannot evaluate leaves
        # the committed facts and tables untouched.
        h, c, nprobes = emit(facts)
        if not args.emit_only:
            write_if_changed(args.facts, json.dumps(facts, indent=1, ensure_ascii=True) + "\n")
    except (GenError, KeyError, ValueError, OSError) as e:
        print(f"gen_endpoints.py: error: {e}", file=sys.stderr)
        return 1
    os.makedirs(args.out_dir, exist_ok=True)
    write_if_changed(os.path.join(args.out_dir, "endpoints_table.h"), h)
    write_if_changed(os.path.join(args.out_dir, "endpoints_table.c"), c)
    print(f"gen_endpoints.py: {len(facts['partitions'])} partitions, regex translation "
          f"checked on {nprobes} probes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
