#!/usr/bin/env python3
"""Generate a big JSON Lines capture for `ekscodec validate` performance runs.

    scripts/gen_capture.py OUT.jsonl [--size-mb 1024] [--seed 1]

Mostly realistic valid DisassociateIdentityProviderConfig exchanges (signed-looking
requests with the headers an SDK sends, 200 responses shaped like the service's), plus a
few error responses (404 ResourceNotFoundException), a few invalid requests (missing
identityProviderConfig.name) and unrelated EKS calls that validate skips. Signatures are
well-formed hex but not real: performance runs do not use --verify-signatures.

Mix (by exchange): 90% valid, 4% 404 error responses (valid), 2% invalid requests,
4% DescribeCluster calls (valid: validate routes every operation; they were skipped when it
knew one). The script prints the counts it wrote, so a run can be checked.
"""
import argparse
import json
import random
import sys

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2", "eu-central-1"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=1024)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    target = int(args.size_mb * 1024 * 1024)
    counts = {"valid": 0, "invalid": 0, "skipped": 0}
    written = 0
    base_time = 1795827723  # 2026-11-28T01:02:03Z
    hexd = "0123456789abcdef"
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        i = 0
        while written < target:
            i += 1
            region = REGIONS[i % len(REGIONS)]
            host = "eks.%s.amazonaws.com" % region
            t = base_time + i
            amz = "%04d%02d%02dT%02d%02d%02dZ" % (2026, 11, 28, (t // 3600) % 24, (t // 60) % 60, t % 60)
            date_hdr = "Sat, 28 Nov 2026 %02d:%02d:%02d GMT" % ((t // 3600) % 24, (t // 60) % 60, (t + 1) % 60)
            sig = "".join(rnd.choice(hexd) for _ in range(64))
            token = "%08x-%04x-4%03x-8%03x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(12),
                                                     rnd.getrandbits(12), rnd.getrandbits(48))
            cluster = "cluster-%d" % (i % 97)
            idp = "okta-%d" % (i % 13)
            roll = rnd.random()
            auth = ("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261128/%s/eks/aws4_request, "
                    "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=%s" % (region, sig))
            if roll < 0.04:
                req = {"method": "GET", "url": "https://%s/clusters/%s" % (host, cluster),
                       "headers": [["Host", host], ["X-Amz-Date", amz], ["Authorization", auth]], "body": ""}
                resp = {"status": 200, "headers": [["Date", date_hdr], ["Content-Type", "application/json"]],
                        "body": json.dumps({"cluster": {"name": cluster, "status": "ACTIVE",
                                                        "version": "1.31", "endpoint": "https://x.example"}})}
                counts["valid"] += 1
            else:
                body = {"identityProviderConfig": {"type": "oidc", "name": idp}, "clientRequestToken": token}
                if roll < 0.06:
                    del body["identityProviderConfig"]["name"]
                    counts["invalid"] += 1
                else:
                    counts["valid"] += 1
                body_s = json.dumps(body, separators=(",", ":"))
                req = {"method": "POST",
                       "url": "https://%s/clusters/%s/identity-provider-configs/disassociate" % (host, cluster),
                       "headers": [["Host", host], ["Content-Type", "application/json"],
                                   ["User-Agent", "aws-cli/2.22.0 Python/3.12.6 Linux/6.1 botocore/2.4"],
                                   ["X-Amz-Date", amz],
                                   ["X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLETOKEN%08d" % (i % 1000)],
                                   ["Authorization", auth], ["Content-Length", str(len(body_s))]],
                       "body": body_s}
                reqid = "%08x-%04x-4%03x-a%03x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(12),
                                                         rnd.getrandbits(12), rnd.getrandbits(48))
                if 0.06 <= roll < 0.10:
                    rb = json.dumps({"message": "No identity provider configuration named %s is associated "
                                                "with cluster %s." % (idp, cluster), "clusterName": cluster},
                                    separators=(",", ":"))
                    resp = {"status": 404, "headers": [["Date", date_hdr], ["Content-Type", "application/json"],
                                                       ["x-amzn-RequestId", reqid],
                                                       ["x-amzn-ErrorType", "ResourceNotFoundException:"
                                                        "http://internal.amazon.com/coral/com.amazon.eks/"],
                                                       ["Content-Length", str(len(rb))]], "body": rb}
                else:
                    update = {"id": reqid, "status": "InProgress", "type": "DisassociateIdentityProviderConfig",
                              "params": [{"type": "IdentityProviderConfig",
                                          "value": json.dumps([{"type": "oidc", "name": idp}])}],
                              "createdAt": float(t) + 0.456, "errors": []}
                    rb = json.dumps({"update": update}, separators=(",", ":"))
                    resp = {"status": 200, "headers": [["Date", date_hdr], ["Content-Type", "application/json"],
                                                       ["x-amzn-RequestId", reqid],
                                                       ["Content-Length", str(len(rb))]], "body": rb}
            line = json.dumps({"request": req, "response": resp}, separators=(",", ":")) + "\n"
            buf.append(line)
            written += len(line)
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    total = sum(counts.values())
    print(json.dumps({"bytes": written, "exchanges": total, **counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
