#!/usr/bin/env python3
"""Generate a JSON Lines capture mixing all operations of the EKS model, from corpus/ops.

    scripts/gen_mixed_capture.py OUT.jsonl [--size-mb N] [--seed S] [--ops DIR]

Each exchange pairs a request built from a `y_encode_*` case of corpus/ops/<Op>/ (method,
path, query, body and host from `expected.request`; the query string in the order botocore
sent it when botocore agrees with the case) with a response from a
`y_decode_response_*` case of the same operation (status, headers, body from `input`; the
`y_decode_response_error_*` cases give modeled error responses). Requests carry
signed-looking headers: Host, Content-Type (with a body), X-Amz-Date, on some an
X-Amz-Security-Token, an Authorization with a well-formed SigV4 scope for the host's region
(`AKIDEXAMPLE/<date>/<region>/eks/aws4_request`) and a 64-hex signature that is NOT real
(validate without --verify-signatures checks the form only); responses get a Date header one
second after X-Amz-Date. Every input is a `y_` case, so every exchange must be valid.

Without --size-mb: one pass, every operation max(#requests, #responses) >= 2 times (requests
and responses are cycled), in a shuffled order. With --size-mb: passes are repeated (each
reshuffled, with fresh times and signatures) until the file reaches N MiB, for benchmarks.
Deterministic: the same corpus and seed give the same bytes.

Also writes OUT.jsonl.operations: the operation each line exercises (the case's "operation"
field, not ekscodec's routing), one per line, so a test can check the router.

corpus/samples/capture_all_operations.jsonl (+ .operations) is this script's output for
`scripts/gen_mixed_capture.py corpus/samples/capture_all_operations.jsonl` (seed 1).
"""
import argparse
import datetime
import glob
import json
import os
import random
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE_TIME = 1795827723  # 2026-11-28T01:02:03Z
ACCESS_KEY = "AKIDEXAMPLE"
HEX = "0123456789abcdef"
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def load_cases(ops_dir):
    """{operation: (encode cases, response cases)}, file names sorted, y_ cases only."""
    ops = {}
    for op_dir in sorted(glob.glob(os.path.join(ops_dir, "*", ""))):
        reqs, resps = [], []
        for path in sorted(glob.glob(os.path.join(op_dir, "y_*.json"))):
            with open(path, encoding="utf-8") as f:
                case = json.load(f)
            case["_file"] = os.path.relpath(path, ops_dir)
            if case["kind"] == "encode":
                reqs.append(case)
            elif case["kind"] == "decode_response":
                resps.append(case)
        if reqs or resps:
            op = (reqs or resps)[0]["operation"]
            if not reqs or not resps:
                sys.exit("gen_mixed_capture: %s has %d y_encode and %d y_decode_response cases; need both"
                         % (op, len(reqs), len(resps)))
            for c in reqs + resps:
                if c["operation"] != op:
                    sys.exit("gen_mixed_capture: %s names operation %s, not %s" % (c["_file"], c["operation"], op))
            ops[op] = (reqs, resps)
    return ops


def quote(s):
    """RFC 3986 unreserved characters kept, every other UTF-8 byte %XX (what the SDKs send)."""
    return urllib.parse.quote(s, safe="-_.~")


def amz_time(t):
    """(X-Amz-Date, IMF-fixdate) of epoch second t; names spelled out, not from the locale."""
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return (d.strftime("%Y%m%dT%H%M%SZ"),
            "%s, %02d %s %04d %02d:%02d:%02d GMT" % (DAYS[d.weekday()], d.day, MONTHS[d.month - 1], d.year,
                                                     d.hour, d.minute, d.second))


def build_exchange(req_case, resp_case, t, rnd, with_token):
    r = req_case["expected"]["request"]
    host = r["host"]
    region = req_case["input"]["region"]
    amz, _ = amz_time(t)
    _, date_hdr = amz_time(t + 1)
    query = "&".join("%s=%s" % (quote(k), quote(v)) for k, v in r["query"])
    boto = req_case.get("oracles", {}).get("botocore", {})
    raw = boto.get("rawQuery")
    if req_case.get("agree", {}).get("botocore") and boto.get("ok") and raw is not None and \
            sorted(urllib.parse.parse_qsl(raw, keep_blank_values=True)) == sorted(map(tuple, r["query"])):
        query = raw  # the order botocore sends (expected.request.query is sorted)
    url = "https://%s%s%s" % (host, r["path"], "?" + query if query else "")
    body = "" if r["body"] is None else json.dumps(r["body"], separators=(",", ":"), ensure_ascii=False)
    headers = [["Host", host]]
    signed = ["host", "x-amz-date"]
    if r["body"] is not None:
        headers.append(["Content-Type", r["contentType"] or "application/json"])
        signed.insert(0, "content-type")
    headers.append(["User-Agent", "Boto3/1.40.0 md/Botocore#1.43.11 ua/2.1 os/linux lang/python#3.11.7 "
                                  "cfg/retry-mode#legacy Botocore/1.43.11"])
    headers.append(["X-Amz-Date", amz])
    if with_token:
        headers.append(["X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLETOKEN%08d" % rnd.getrandbits(26)])
        signed.append("x-amz-security-token")
    sig = "".join(rnd.choice(HEX) for _ in range(64))
    headers.append(["Authorization", "AWS4-HMAC-SHA256 Credential=%s/%s/%s/eks/aws4_request, SignedHeaders=%s, "
                                     "Signature=%s" % (ACCESS_KEY, amz[:8], region, ";".join(signed), sig)])
    if r["body"] is not None or r["method"] in ("POST", "PUT", "PATCH"):
        headers.append(["Content-Length", str(len(body.encode("utf-8")))])
    inp = resp_case["input"]
    resp_headers = [list(h) for h in inp["headers"]]
    resp_headers.insert(0, ["Date", date_hdr])
    return {"request": {"method": r["method"], "url": url, "headers": headers, "body": body},
            "response": {"status": inp["status"], "headers": resp_headers, "body": inp["body"]}}


def one_pass(ops, rnd, t0):
    """A shuffled list of (operation, exchange) covering every case of every operation."""
    plan = []
    for op, (reqs, resps) in ops.items():
        n = max(len(reqs), len(resps), 2)
        for i in range(n):
            plan.append((op, reqs[i % len(reqs)], resps[i % len(resps)]))
    rnd.shuffle(plan)
    out = []
    for i, (op, rq, rs) in enumerate(plan):
        out.append((op, build_exchange(rq, rs, t0 + i, rnd, with_token=(i % 3 == 0))))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=None, help="repeat passes until the file is N MiB")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ops", default=os.path.join(ROOT, "corpus", "ops"), help="corpus/ops directory")
    args = ap.parse_args()
    ops = load_cases(args.ops)
    if not ops:
        sys.exit("gen_mixed_capture: no cases under %s" % args.ops)
    rnd = random.Random(args.seed)
    target = None if args.size_mb is None else int(args.size_mb * 1024 * 1024)
    written = lines = passes = 0
    t = BASE_TIME
    with open(args.out, "w", encoding="utf-8", newline="\n") as f, \
            open(args.out + ".operations", "w", encoding="utf-8", newline="\n") as fo:
        while True:
            exchanges = one_pass(ops, rnd, t)
            t += len(exchanges)
            passes += 1
            for op, ex in exchanges:
                line = json.dumps(ex, separators=(",", ":"), ensure_ascii=False) + "\n"
                f.write(line)
                fo.write(op + "\n")
                written += len(line.encode("utf-8"))
                lines += 1
                if target is not None and written >= target:
                    break
            if target is None or written >= target:
                break
    print("gen_mixed_capture: %s: %d exchanges over %d operations, %d bytes, %d pass(es)"
          % (args.out, lines, len(ops), written, passes), file=sys.stderr)


if __name__ == "__main__":
    main()
