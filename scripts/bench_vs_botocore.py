#!/usr/bin/env python3
"""Runs botocore's rest-json serializer and parser on the same inputs as ekscodec-bench, in
the same run, and prints ops/s for both and the ratios (ekscodec / botocore).

Usage: scripts/bench_vs_botocore.py [--bench build/bench/ekscodec-bench] [--seconds 0.5]
                                    [--rounds 5] [--cpu N]
The inputs are bench/data/*.json, shared with ekscodec-bench. Ratios, not absolute times,
are the claim: the machines are shared and noisy, so both sides are measured back to back,
alternating, on one core (--cpu), and the best round of each side is kept (other load only
ever slows a round down).
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "bench", "data")


def load(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def ops_per_sec(fn, seconds):
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= seconds:
            return n / dt
        n = max(n * 2, int(n * seconds / max(dt, 1e-9) * 1.1))


def botocore_cases():
    try:
        import botocore.session
        from botocore import parsers, serialize
    except ImportError:
        sys.exit("botocore is not installed for python3: cannot compare")
    import botocore.model
    # The official model the C tables come from (botocore's bundled copy may be older and
    # lack members of the DescribeCluster output); botocore's own otherwise.
    shared = os.environ.get("EKSCODEC_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
    official = os.path.join(shared, "models", "eks-2017-11-01", "service-2.json")
    if os.path.exists(official):
        with open(official, encoding="utf-8") as f:
            model = botocore.model.ServiceModel(json.load(f), service_name="eks")
    else:
        model = botocore.session.get_session().get_service_model("eks")
    op = model.operation_model("DisassociateIdentityProviderConfig")
    serializer = serialize.create_serializer("rest-json", include_validation=False)
    # What a default botocore client runs (parameter validation on): the like-for-like peer,
    # since ekscodec's encode validates too. Both are reported.
    validating = serialize.create_serializer("rest-json", include_validation=True)
    parser = parsers.create_parser("rest-json")
    params = json.loads(load("request_params.json"))

    def encode():
        serializer.serialize_to_request(params, op)

    def encode_validating():
        validating.serialize_to_request(params, op)

    def response(body, status, headers):
        d = {"status_code": status, "headers": headers, "body": body}
        return lambda: parser.parse(d, op.output_shape)

    list_clusters = model.operation_model("ListClusters")
    lc_params = json.loads(load("list_clusters_params.json"))

    def encode_list_clusters():
        serializer.serialize_to_request(lc_params, list_clusters)

    def encode_list_clusters_validating():
        validating.serialize_to_request(lc_params, list_clusters)

    describe_cluster = model.operation_model("DescribeCluster")

    def describe(body):
        d = {"status_code": 200, "headers": {"content-type": "application/json"}, "body": body}
        return lambda: parser.parse(d, describe_cluster.output_shape)

    typical = load("response_typical.json")
    large = load("response_large.json")
    err = load("error_typical.json")
    ct = {"content-type": "application/json"}
    return {
        "encode": encode,
        "encode_validating": encode_validating,
        "decode_typical": response(typical, 200, ct),
        "decode_large": response(large, 200, ct),
        "decode_error": response(err, 404, dict(ct, **{"x-amzn-errortype": "ResourceNotFoundException"})),
        "decode_generic_describe_cluster": describe(load("describe_cluster.json")),
        "encode_generic_list_clusters": encode_list_clusters,
        "encode_generic_list_clusters_validating": encode_list_clusters_validating,
    }


def run_bench(bench, names, seconds):
    out = subprocess.run([bench, "--seconds", str(seconds)] + names, check=True,
                         capture_output=True, text=True).stdout
    return {j["name"]: j["ops_per_sec"] for j in map(json.loads, out.splitlines())}



def pin_to_one_core(cpu):
    """Both sides on the same core: the cores of these shared machines differ (one ran both
    ekscodec and botocore about 40 % slower than the other), and a ratio across cores would
    measure that difference too. The benchmark subprocess inherits the affinity."""
    if not hasattr(os, "sched_setaffinity"):
        return
    allowed = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {allowed[0] if cpu is None else cpu})

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=os.path.join(ROOT, "build", "bench", "ekscodec-bench"))
    ap.add_argument("--seconds", type=float, default=0.5)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cpu", type=int, default=None,
                    help="core both sides run on (default: the first this process may use)")
    args = ap.parse_args()
    pin_to_one_core(args.cpu)
    cases = botocore_cases()
    names = [n for n in cases if not n.endswith("_validating")] + ["json_c_parse_typical"]
    ours = {n: [] for n in names}
    theirs = {n: [] for n in cases}
    for _ in range(args.rounds):
        for n, v in run_bench(args.bench, names, args.seconds).items():
            ours[n].append(v)
        for n, fn in cases.items():
            theirs[n].append(ops_per_sec(fn, args.seconds))
    best = {n: max(v) for n, v in ours.items()}
    rows = []
    for n in cases:
        b = max(theirs[n])
        mine = best[n[:-len("_validating")] if n.endswith("_validating") else n]
        row = {"name": n, "ekscodec_ops_per_sec": round(mine), "botocore_ops_per_sec": round(b),
               "ratio": round(mine / b, 1)}
        if n.endswith("_validating"):
            row["note"] = "botocore serializer with parameter validation (ekscodec encode validates too)"
        rows.append(row)
    rows.append({"name": "decode_typical_cost_vs_json_c_parse",
                 "ratio": round(best["json_c_parse_typical"] / best["decode_typical"], 2),
                 "note": "time of decode+validate / time of bare json-c parse (target <= 1.3)"})
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
