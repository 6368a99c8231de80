"""What the two corpus generators share (tools/oracle/gen_corpus.py for the typed operation,
tools/oracle/gen_ops_corpus.py for every operation): the schema, the fixed token, the
independent re-statements of the spec both use, running the two SDK oracles, and comparing
their answers. A module, not a script: it writes nothing itself."""
import json
import os
import shutil
import subprocess
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SCHEMA = json.load(open(os.path.join(ROOT, "schema", "eks-2017-11-01.json"), encoding="utf-8"))
SHAPES = SCHEMA["shapes"]

# A token the cases pass explicitly (a valid UUID v4).
TOKEN = "11111111-2222-4333-8444-555555555555"


def fixed_uuid4():
    """The token ekscodec's runners make the encoder generate: byte i of their random source is
    (0xA5 + 7 * i) & 0xFF; RFC 9562 §5.4 sets the version and variant bits, so the expected
    token follows from that alone."""
    b = bytearray((0xA5 + 7 * i) & 0xFF for i in range(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


FIXED_TOKEN = fixed_uuid4()


def diag(sev, code, path, offset=None):
    d = {"severity": sev, "code": code, "path": path}
    if offset is not None:
        d["offset"] = offset
    return d


def jdump(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def encode_label(value):
    """RFC 3986 §2: every byte of the UTF-8 form outside the unreserved set is %XX."""
    return urllib.parse.quote(value.encode("utf-8"), safe="-._~")


def cut_type(raw):
    """Smithy restJson1 error-type sanitizing alone: before the first ':', after the last '#',
    nothing stripped, as botocore reads a body's "code" or "__type"
    (code.split(':', 1)[0].rsplit('#', 1)[-1]): " Name" and "A,B" stay whole, "ns# Name :uri"
    names " Name "."""
    t = raw.split(":")[0]
    return t[t.rindex("#") + 1:] if "#" in t else t


def sanitize_type(raw):
    """An x-amzn-errortype header value's type: RFC 9110 list folding (the first entry, without
    the blanks around it: outer whitespace is no part of a field value, §5.5) then cut_type. A
    body's code or __type is a JSON string, no field list: cut_type alone."""
    return cut_type(raw.split(",")[0].strip())


def oracle_missing():
    """Why the SDK oracles cannot run here, or None."""
    try:
        import botocore  # noqa: F401
    except ImportError:
        return "botocore is not importable"
    if shutil.which("node") is None:
        return "node is not installed"
    if not os.path.isdir(os.path.join(HERE, "js", "node_modules", "@aws-sdk", "client-eks")):
        return "@aws-sdk/client-eks is not installed (scripts/setup.sh, or npm ci --prefix tools/oracle/js)"
    return None


def run_oracle_jobs(jobs):
    """Runs the jobs through botocore and the JS SDK; returns their answers, one each a job."""
    import botocore_corpus
    boto = botocore_corpus.run_jobs(jobs)
    env = dict(os.environ, NODE_NO_WARNINGS="1")
    p = subprocess.run(["node", os.path.join(HERE, "js", "eks_oracle.mjs")], cwd=os.path.join(HERE, "js"),
                       input="".join(json.dumps(j) + "\n" for j in jobs).encode(), capture_output=True, env=env,
                       check=True)
    js = [json.loads(line) for line in p.stdout.decode().split("\n") if line.strip()]
    assert len(js) == len(jobs), "JS oracle answered %d of %d jobs: %s" % (len(js), len(jobs), p.stderr.decode()[-2000:])
    return boto, js


def same(a, b):
    """Parsed values equal as the SDKs' values compare: numbers by value (bool is no number)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    num = (int, float)
    if isinstance(a, num) and isinstance(b, num) and not isinstance(a, bool) and not isinstance(b, bool):
        return float(a) == float(b)
    return type(a) is type(b) and a == b


def norm_diags(ds):
    return sorted(ds, key=lambda d: (d["path"], d["code"], d["severity"]))


def shorten(s, n):
    """A value fit for a Markdown table cell, cut at n characters."""
    s = s.replace("|", "\\|").replace("`", "'").replace("\n", "\\n")
    return s if len(s) <= n else s[:n] + "…"
