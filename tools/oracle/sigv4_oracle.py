#!/usr/bin/env python3
"""Differential oracle for the SigV4 signer: botocore's SigV4Auth signs EKS requests.

Generates DisassociateIdentityProviderConfig requests (POST
/clusters/{name}/identity-provider-configs/disassociate, JSON body) with awkward cluster
names (unicode, reserved characters, '%', '/', very long), session tokens and many regions
(cn-north-1 -> eks.cn-north-1.amazonaws.com.cn, us-gov-west-1, ...), signs each with
botocore.auth.SigV4Auth at a frozen time, and writes one JSON object a line:

  {"name", "method", "path", "query", "headers": [[name, value], ...], "body",
   "region", "service", "amz_date", "access_key_id", "secret_access_key",
   "session_token" (or null), "authorization"}

`headers` are the request headers BEFORE signing; "authorization" is botocore's result.
The path is what botocore's rest-json serializer sends (label percent-encoded with
botocore.utils.percent_encode). Deterministic: same botocore, same output.

Usage: sigv4_oracle.py [--out corpus/sigv4/botocore_diff.jsonl] [--count N]
"""
import argparse
import datetime
import json
import random
import sys

try:
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    import botocore.utils
except ImportError:  # the C test treats exit status 77 as "skip"
    print("SKIP: botocore is not importable", file=sys.stderr)
    sys.exit(77)

REGIONS = [
    ("us-east-1", "amazonaws.com"), ("us-west-2", "amazonaws.com"), ("eu-west-1", "amazonaws.com"),
    ("eu-central-1", "amazonaws.com"), ("ap-southeast-2", "amazonaws.com"), ("ap-northeast-1", "amazonaws.com"),
    ("sa-east-1", "amazonaws.com"), ("me-south-1", "amazonaws.com"), ("il-central-1", "amazonaws.com"),
    ("cn-north-1", "amazonaws.com.cn"), ("cn-northwest-1", "amazonaws.com.cn"),
    ("us-gov-west-1", "amazonaws.com"), ("us-gov-east-1", "amazonaws.com"),
]

NAMES = [
    "prod", "my-cluster", "a", "Cluster_01", "name with spaces", "slash/inside", "a/b/c",
    "percent%20literal", "100%", "%2F", "%", "plus+sign", "amp&ersand", "eq=ual", "semi;colon",
    "q?mark", "hash#tag", "colon:name", "at@sign", "comma,name", "tilde~ok", "dot.name", "a..b",
    "...", "-._~", "quote'single", "quote\"double", "back\\slash", "brace{x}", "pipe|x",
    "caret^x", "backtick`x", "dollar$x", "excl!x", "star*x", "paren(x)", "lt<gt>",
    "ünïcödé", "日本語クラスター", "emoji😀cluster", "Ελληνικά", "кластер", "ሴ", "tab\tname",
    "a" * 100, "x" * 255, "é" * 60, "/leading", "trailing/", "double//slash",
]

TOKENS = [
    None,
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
    "FwoGZXIvYXdzEBYaDFAKETOKEN1234567890abcdefghij+/=",
]

TIMES = [
    datetime.datetime(2026, 11, 28, 1, 2, 3),
    datetime.datetime(2015, 8, 30, 12, 36, 0),
    datetime.datetime(2024, 2, 29, 23, 59, 59),
    datetime.datetime(2030, 1, 1, 0, 0, 0),
]


def make_case(rng, i):
    region, suffix = REGIONS[i % len(REGIONS)]
    name = NAMES[i % len(NAMES)] if i < 3 * len(NAMES) else "".join(
        rng.choice("abcXYZ019-_.~ %/+&=é日😀") for _ in range(rng.randint(1, 40)))
    token = TOKENS[i % len(TOKENS)]
    when = TIMES[i % len(TIMES)]
    host = f"eks.{region}.{suffix}"
    if i % 17 == 5:
        host = f"eks-fips.{region}.{suffix}"
    if i % 23 == 7:
        host += ":8443"  # non-default port kept in the signed Host
    label = botocore.utils.percent_encode(name)
    path = f"/clusters/{label}/identity-provider-configs/disassociate"
    idp = rng.choice(["okta", "azure-ad", "idp name", "ïdp", "x" * 100])
    body = json.dumps({"identityProviderConfig": {"type": "oidc", "name": idp},
                       "clientRequestToken": f"{rng.getrandbits(128):032x}"},
                      ensure_ascii=(i % 2 == 0), separators=(",", ":"))
    headers = [["Host", host], ["Content-Type", "application/json"]]
    if i % 3 == 0:
        headers.append(["User-Agent", "aws-cli/2.15.0 Python/3.11 botocore/2.4.5"])
    if i % 4 == 1:
        headers.append(["X-Amz-User-Agent", "aws-sdk-js/3.500.0"])
    if i % 5 == 2:
        headers.append(["amz-sdk-invocation-id", f"{rng.getrandbits(64):016x}"])
        headers.append(["amz-sdk-request", "attempt=1;  max=3"])
    if i % 7 == 3:
        headers.append(["X-Custom-Spaces", "  padded   value\twith  tabs  "])
    if i % 11 == 4:
        headers.append(["X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"])
    access_key = rng.choice(["AKIDEXAMPLE", "AKIAIOSFODNN7EXAMPLE", "ASIAXXXXXXXXXXXXXXXX"])
    secret = rng.choice(["wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "secret+/=with/symbols" * 3, "s"])

    creds = botocore.credentials.Credentials(access_key, secret, token)
    url = f"https://{host}{path}"
    req = botocore.awsrequest.AWSRequest(method="POST", url=url, data=body.encode("utf-8"))
    for k, v in headers:
        req.headers[k] = v
    signer = botocore.auth.SigV4Auth(creds, "eks", region)
    orig = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: when
    try:
        signer.add_auth(req)
    finally:
        botocore.auth.get_current_datetime = orig
    return {
        "name": f"case-{i:03d}",
        "method": "POST",
        "path": path,
        "query": None,
        "headers": headers,
        "body": body,
        "region": region,
        "service": "eks",
        "amz_date": when.strftime("%Y%m%dT%H%M%SZ"),
        "access_key_id": access_key,
        "secret_access_key": secret,
        "session_token": token,
        "authorization": req.headers["Authorization"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="-")
    ap.add_argument("--count", type=int, default=240)
    args = ap.parse_args()
    rng = random.Random(20261128)
    lines = [json.dumps(make_case(rng, i), ensure_ascii=False, sort_keys=True) for i in range(args.count)]
    text = "\n".join(lines) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"sigv4_oracle: {len(lines)} cases, botocore {botocore.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
